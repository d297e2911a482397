import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ERROR_CODES } from '../../shared/errors.ts';
import { NamedTimerSchema } from '../../shared/model/timer.ts';
import { COMMAND_ROLES } from '../../shared/permissions.ts';
import { ROLES } from '../../shared/roles.ts';
import { COMMAND_NAMES, COMMANDS } from '../../shared/protocol/commands.ts';
import { RoomEventSchema } from '../../shared/protocol/room-events.ts';
import { SERVER_EVENTS, type ServerEventName } from '../../shared/protocol/server-events.ts';

/**
 * docs/PROTOCOL.md is the protocol as people read it. These checks keep it honest: every
 * command and event the schemas define has a section, and every example passes its schema.
 */
const DOC = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8');
const SERVER_EVENT_NAMES = Object.keys(SERVER_EVENTS) as ServerEventName[];
const ROOM_EVENT_TYPES = RoomEventSchema.options.map((option) => option.shape.type.value);

/** The text under "### `name`", up to the next heading of the same or a higher level. */
function sectionOf(name: string): string | undefined {
  const heading = `### \`${name}\``;
  const lines = DOC.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start === -1) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^#{1,3} /.test(line));
  return (end === -1 ? rest : rest.slice(0, end)).join('\n');
}

function jsonBlocks(section: string): string[] {
  return [...section.matchAll(/^```json\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
}

/** Schema errors as one readable line each, so a failing example says what to fix. */
function problems(schema: z.ZodType, value: unknown): string[] {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

describe('docs/PROTOCOL.md', () => {
  it('enumerates the room event types from the schema', () => {
    expect(ROOM_EVENT_TYPES.length).toBeGreaterThan(10);
    expect(ROOM_EVENT_TYPES).toContain('floor.turnStarted');
    expect(ROOM_EVENT_TYPES).toContain('hidden');
  });

  describe.each(COMMAND_NAMES)('command %s', (name) => {
    const section = sectionOf(name);

    it('has a "### `name`" section', () => {
      expect(section, `add a "### \`${name}\`" section to docs/PROTOCOL.md`).toBeDefined();
    });

    it('says who may send it, as COMMAND_ROLES does', () => {
      const who = section?.match(/\*\*Who may send it:\*\*(.*)/)?.[1] ?? '';
      for (const role of ROLES) {
        const allowed = COMMAND_ROLES[name].includes(role);
        expect(who.includes(role), `${name} is ${allowed ? '' : 'not '}open to ${role}`).toBe(allowed);
      }
    });

    it('gives an example payload that passes the payload schema', () => {
      const [payload] = jsonBlocks(section ?? '');
      expect(payload, `${name} needs a \`\`\`json payload example`).toBeDefined();
      expect(problems(COMMANDS[name].payload, JSON.parse(payload ?? 'null'))).toEqual([]);
    });

    it('gives an example acknowledgement that passes the result schema', () => {
      const [, ack] = jsonBlocks(section ?? '');
      expect(ack, `${name} needs a \`\`\`json acknowledgement example after its payload`).toBeDefined();
      const { ok, ...result } = JSON.parse(ack ?? '{}') as { ok?: unknown };
      expect(ok).toBe(true);
      expect(problems(COMMANDS[name].result, result)).toEqual([]);
    });
  });

  describe.each(SERVER_EVENT_NAMES)('server event %s', (name) => {
    const section = sectionOf(name);

    it('has a "### `name`" section', () => {
      expect(section, `add a "### \`${name}\`" section to docs/PROTOCOL.md`).toBeDefined();
    });

    it('gives an example that passes the event schema', () => {
      const [example] = jsonBlocks(section ?? '');
      expect(example, `${name} needs a \`\`\`json example`).toBeDefined();
      expect(problems(SERVER_EVENTS[name], JSON.parse(example ?? 'null'))).toEqual([]);
    });
  });

  it('mentions every room event type', () => {
    const missing = ROOM_EVENT_TYPES.filter((type) => !DOC.includes(`\`${type}\``));
    expect(missing).toEqual([]);
  });

  it('shows a named timer in timer.set as the bare timer, and whole only in the snapshot', () => {
    const roomEvents = DOC.split('\n## Room events\n')[1]?.split('\n## ')[0] ?? '';
    const [event, named] = jsonBlocks(roomEvents).map((block) => JSON.parse(block) as unknown);
    expect(problems(RoomEventSchema, event)).toEqual([]);
    expect(event).toMatchObject({ type: 'timer.set', timerId: (named as { id?: string }).id });
    expect(problems(NamedTimerSchema, named)).toEqual([]);
  });

  it('gives every error code a row in the error table', () => {
    const missing = Object.keys(ERROR_CODES).filter((code) => !DOC.includes(`| \`${code}\` |`));
    expect(missing).toEqual([]);
  });

  it('documents nothing that is not in the schemas', () => {
    const known = new Set<string>([...COMMAND_NAMES, ...SERVER_EVENT_NAMES]);
    const documented = [...DOC.matchAll(/^### `([^`]+)`$/gm)].map((match) => match[1] ?? '');
    expect(documented.filter((name) => !known.has(name))).toEqual([]);
  });
});
