import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../../../shared/errors.ts';
import { ErrorEnvelopeSchema } from '../../../shared/protocol/http.ts';
import { HTTP_STATUS } from '../http-errors.ts';
import type { Auth, Body, Header, Operation } from './operation.ts';

type JsonSchema = Record<string, unknown>;
type Io = 'input' | 'output';

const SECURITY: Record<Exclude<Auth, 'none'>, { scheme: string; schema: JsonSchema }> = {
  admin: { scheme: 'adminToken', schema: { type: 'http', scheme: 'bearer', description: 'The organiser admin token (ADMIN_TOKEN), as `Authorization: Bearer <token>`.' } },
  controlKey: { scheme: 'controlKey', schema: { type: 'http', scheme: 'bearer', description: 'A control key (`plk_…`) the organiser created for a room or a hall.' } },
  liveKit: { scheme: 'liveKitWebhook', schema: { type: 'apiKey', in: 'header', name: 'Authorization', description: "LiveKit's webhook JWT, signed with LIVEKIT_API_SECRET over the body's SHA-256." } },
};

/**
 * JSON Schema (2020-12, the dialect of OpenAPI 3.1) of a zod schema: its input side for what a
 * client sends (before defaults and transforms), its output side for what the server answers.
 * Checks zod cannot express (refinements, transforms' logic) are left out: `unrepresentable:
 * 'any'` makes such a part accept anything, and the server still applies them.
 */
export function jsonSchemaOf(schema: z.ZodType, io: Io): JsonSchema {
  const { $schema: _dialect, ...generated } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  // Definitions inside a schema would resolve against the whole document: components are named instead.
  if ('$defs' in generated) throw new Error('a schema in the API document defines $defs; give the shared part a component name');
  return generated;
}

/** Named component schemas, each generated once; one name used for two schemas is a mistake caught here. */
class Components {
  readonly schemas: Record<string, JsonSchema> = {};
  private readonly sources = new Map<string, { schema: z.ZodType; io: Io }>();

  ref(name: string, schema: z.ZodType, io: Io): JsonSchema {
    const known = this.sources.get(name);
    if (known && (known.schema !== schema || known.io !== io)) throw new Error(`two schemas are named ${name} in the API document`);
    if (!known) {
      this.sources.set(name, { schema, io });
      this.schemas[name] = jsonSchemaOf(schema, io);
    }
    return { $ref: `#/components/schemas/${name}` };
  }
}

function content(components: Components, body: Body, io: Io): JsonSchema {
  return Object.fromEntries(
    body.contents.map((c) => [c.mediaType, { schema: components.ref(c.name, c.schema, io), ...(c.example === undefined ? {} : { example: c.example }) }]),
  );
}

function responseOf(components: Components, response: Body): JsonSchema {
  const headers = Object.entries(response.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: 'string' } }]);
  return {
    description: response.description,
    ...(headers.length > 0 ? { headers: Object.fromEntries(headers) } : {}),
    ...(response.contents.length > 0 ? { content: content(components, response, 'output') } : {}),
  };
}

/** Error answers grouped by HTTP status: each status lists the codes it carries. */
function errorResponses(components: Components, codes: readonly ErrorCode[]): Record<string, JsonSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(HTTP_STATUS[code], [...(byStatus.get(HTTP_STATUS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: list.map((code) => `\`${code}\`: ${ERROR_CODES[code]}`).join(' '),
        ...(list.includes('rate_limited') ? { headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } } } : {}),
        content: { 'application/json': { schema: components.ref('ErrorEnvelope', ErrorEnvelopeSchema, 'output') } },
      },
    ]),
  );
}

/** The operation's own refusals, with what any operation can answer: a bad credential where one is needed, a server error. */
function errorsOf(operation: Operation): ErrorCode[] {
  const codes: ErrorCode[] = [...operation.errors, ...(operation.auth === 'none' ? [] : (['unauthenticated'] as const)), 'internal'];
  return [...new Set(codes)];
}

function pathParameters(operation: Operation): JsonSchema[] {
  const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  return names.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: operation.params?.[name] ? jsonSchemaOf(operation.params[name], 'input') : { type: 'string' },
  }));
}

function queryParameters(operation: Operation): JsonSchema[] {
  return Object.entries(operation.query?.shape ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: !(schema as z.ZodType).safeParse(undefined).success,
    schema: jsonSchemaOf(schema as z.ZodType, 'input'),
  }));
}

function headerParameters(headers: readonly Header[]): JsonSchema[] {
  return headers.map((header) => ({ name: header.name, in: 'header', required: header.required ?? false, description: header.description, schema: jsonSchemaOf(header.schema, 'input') }));
}

function operationObject(components: Components, operation: Operation): JsonSchema {
  const parameters = [...pathParameters(operation), ...queryParameters(operation), ...headerParameters(operation.headers ?? [])];
  const responses = Object.fromEntries(Object.entries(operation.responses).map(([status, response]) => [status, responseOf(components, response)]));
  return {
    operationId: `${operation.method}${operation.path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    security: operation.auth === 'none' ? [] : [{ [SECURITY[operation.auth].scheme]: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.request ? { requestBody: { required: true, description: operation.request.description, content: content(components, operation.request, 'input') } } : {}),
    responses: { ...responses, ...errorResponses(components, errorsOf(operation)) },
  };
}

/** The OpenAPI 3.1 document of the given operations. */
export function openApiDocument(operations: readonly Operation[], info: { version: string; serverUrl: string }): JsonSchema {
  const components = new Components();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of operations) {
    const item = (paths[operation.path] ??= {});
    if (item[operation.method]) throw new Error(`${operation.method.toUpperCase()} ${operation.path} is described twice`);
    item[operation.method] = operationObject(components, operation);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Plenary HTTP API',
      version: info.version,
      description:
        'Joining, the public agenda and calendar feeds, the organiser API, reports, and the control API for AV desks. The real-time protocol (Socket.IO) is described in docs/PROTOCOL.md. Errors are `{ error: { code, message } }` with a stable code.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: info.serverUrl }],
    paths,
    components: { schemas: components.schemas, securitySchemes: Object.fromEntries(Object.values(SECURITY).map(({ scheme, schema }) => [scheme, schema])) },
  };
}
