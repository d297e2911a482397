import { z } from 'zod';
import { COMMANDS, type CommandName } from '../../shared/protocol/commands.ts';
import { examplePayload } from './protocol-examples.ts';

/** A malformed payload, built from a valid one (the example with the room's real ids). */
export type BadPayload = { label: string; build: (valid: unknown) => unknown };

/** Longer than any text a payload accepts (the longest, an open-text answer, is 500). */
export const OVER_LONG = 'x'.repeat(2_000);

type Path = Array<string | number>;
type Leaf = { path: Path; value: string | number | boolean };

/**
 * The object schema a payload schema is made of. In zod 4 a .refine() stays on the object
 * itself, but a wrapper (optional, default, pipe, transform) keeps it in its definition.
 */
export function objectSchemaOf(schema: z.ZodType): z.ZodObject | null {
  if (schema instanceof z.ZodObject) return schema;
  const def = schema._zod.def as { innerType?: z.ZodType; in?: z.ZodType; schema?: z.ZodType };
  const inner = def.innerType ?? def.in ?? def.schema;
  return inner ? objectSchemaOf(inner) : null;
}

/** Top-level keys a payload cannot do without: their schema refuses `undefined` (no optional, no default). */
export function requiredKeys(name: CommandName): string[] {
  const object = objectSchemaOf(COMMANDS[name].payload);
  if (!object) return [];
  return Object.entries(object.shape as Record<string, z.ZodType>)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([key]) => key);
}

function leavesOf(value: unknown, path: Path = []): Leaf[] {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => leavesOf(item, [...path, index]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leavesOf(item, [...path, key]));
  return [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A copy of `value` with the field at `path` replaced, or removed when `replacement` is `REMOVE`. */
const REMOVE = Symbol('remove');
function withField(value: unknown, path: Path, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (replacement === REMOVE) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

const named = (path: Path) => `"${path.join('.')}"`;

/**
 * Every malformed variant of one command's payload: the wrong kind of value altogether, an
 * unknown field, each required field missing, each text, number and flag of the wrong type,
 * each text far too long. The shapes come from the doc's example and the zod schema, so a
 * new command or field gets its cases without a line here.
 */
export function badPayloadsFor(name: CommandName): BadPayload[] {
  const example = examplePayload(name);
  const cases: BadPayload[] = [
    { label: 'a number instead of an object', build: () => 42 },
    { label: 'a string instead of an object', build: () => 'please' },
    { label: 'null instead of an object', build: () => null },
    { label: 'an empty array instead of an object', build: () => [] },
    { label: 'an array holding the valid payload', build: (valid) => [valid] },
  ];
  if (isPlainObject(example)) {
    cases.push({ label: 'an unknown field "surplus"', build: (valid) => ({ ...(valid as object), surplus: 1 }) });
    // JSON.parse makes "__proto__" an own field, as the wire does; an object literal would set the prototype instead.
    cases.push({ label: 'an own "__proto__" field', build: (valid) => Object.assign(JSON.parse('{"__proto__": {"role": "organiser"}}'), valid) });
  }
  for (const key of requiredKeys(name)) {
    cases.push({ label: `without the required field "${key}"`, build: (valid) => withField(valid, [key], REMOVE) });
  }
  for (const { path, value } of leavesOf(example)) {
    if (typeof value === 'string') {
      cases.push({ label: `${named(path)} as a number`, build: (valid) => withField(valid, path, 12_345) });
      cases.push({ label: `${named(path)} ${OVER_LONG.length} characters long`, build: (valid) => withField(valid, path, OVER_LONG) });
    } else if (typeof value === 'number') {
      cases.push({ label: `${named(path)} as a string`, build: (valid) => withField(valid, path, String(value)) });
    } else {
      cases.push({ label: `${named(path)} as a string`, build: (valid) => withField(valid, path, String(value)) });
    }
  }
  return cases;
}
