import { z } from 'zod';
import type { ErrorCode } from '../../../shared/errors.ts';

/**
 * One HTTP operation as the API document describes it. Bodies carry the zod schema the route
 * validates with (requests) or answers with (responses): the document's JSON Schemas are
 * generated from them, and the examples are checked against them by the tests.
 */

/** Who may call: the organiser's admin token, a control key, LiveKit's signed webhook, or anyone. */
export type Auth = 'admin' | 'controlKey' | 'liveKit' | 'none';

/** A body of one media type: `name` is its entry under components.schemas. */
export type Content = { mediaType: string; name: string; schema: z.ZodType; example?: unknown };

/** A request or response body; `headers` are response headers by name, with what they say. */
export type Body = { description: string; contents: Content[]; headers?: Record<string, string> };

export type Header = { name: string; description: string; schema: z.ZodType; required?: boolean };

export type Operation = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** With `{param}` placeholders, as OpenAPI writes them. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  /** Path parameters' schemas; a parameter not named here is any one path segment. */
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  headers?: Header[];
  request?: Body;
  /** Success answers by status; errors are listed by code in `errors`. */
  responses: Record<number, Body>;
  /** The error codes this operation can answer with (`{ error: { code, message } }`). */
  errors: ErrorCode[];
};

export function json(name: string, schema: z.ZodType, example?: unknown): Content {
  return { mediaType: 'application/json', name, schema, example };
}

const TextSchema = z.string();

/** A body that is text of a media type (iCalendar, CSV, Prometheus' text format): no zod schema describes more of it. */
export function text(mediaType: string, name: string, example: string): Content {
  return { mediaType, name, schema: TextSchema, example };
}

export function body(description: string, ...contents: Content[]): Body {
  return { description, contents };
}
