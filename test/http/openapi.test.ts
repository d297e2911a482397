import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../server/http/app.ts';
import { API_OPERATIONS } from '../../server/http/openapi/operations.ts';
import { EventReportSchema, RoomReportSchema } from '../../shared/model/report.ts';
import { startFakeLiveKit } from '../support/fake-livekit.ts';
import { servedRoutes, type ServedRoute } from '../support/express-routes.ts';
import { castOf, joinAll, seedRoom, EVENT_ID, ROOM_ID } from '../support/room-fixture.ts';
import { ok, startPlenary, type TestServer } from '../support/plenary.ts';

type Document = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { example?: unknown }> }> }>> };

let plenary: TestServer;
let document: Document;

beforeAll(async () => {
  const livekit = await startFakeLiveKit('file');
  // With LiveKit configured, so its webhook route is served and walked too.
  plenary = await startPlenary({ LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'a-secret-long-enough-for-hs256-signing' }, { lifetime: 'file' });
  document = (await (await fetch(`${plenary.url}/api/openapi.json`)).json()) as Document;
});

/** A concrete URL of a documented path: each `{param}` one sample segment. */
function sampleUrl(path: string): string {
  return path.replace(/\{\w+\}/g, 'sample1');
}

/**
 * The routes the document must cover. Left out, by kind and not by name: a RegExp path (the
 * web client's history-mode pages, not the API) and a route for every method (a catch-all
 * answering a refusal, which each operation's error responses describe).
 */
function apiRoutes(): ServedRoute[] {
  return servedRoutes(createHttpApp(plenary.runtime)).filter((route) => typeof route.path === 'string' && !route.methods.includes('all'));
}

function documented(): Array<{ method: string; path: string }> {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => ({ method, path })));
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document that validates, served with cache headers', async () => {
    const response = await fetch(`${plenary.url}/api/openapi.json`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    const etag = response.headers.get('etag') ?? '';
    expect((await fetch(`${plenary.url}/api/openapi.json`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every route the app serves, and serves every path it describes', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(20);
    const operations = documented();
    const servedBy = (op: { method: string; path: string }) => routes.filter((route) => route.methods.includes(op.method) && route.matches(sampleUrl(op.path)));
    const undocumented = routes
      .filter((route) => !operations.some((op) => route.methods.includes(op.method) && route.matches(sampleUrl(op.path))))
      .map((route) => `${route.methods.join('/').toUpperCase()} ${String(route.path)}`);
    const unserved = operations.filter((op) => servedBy(op).length === 0).map((op) => `${op.method.toUpperCase()} ${op.path}`);
    expect(undocumented).toEqual([]);
    expect(unserved).toEqual([]);
  });

  it('gives every operation an example, and every example passes the zod schema it illustrates', () => {
    for (const operation of API_OPERATIONS) {
      const bodies = [...(operation.request ? [operation.request] : []), ...Object.values(operation.responses)];
      const examples = bodies.flatMap((body) => body.contents).filter((content) => content.example !== undefined);
      expect(examples.length, `${operation.method} ${operation.path} has no example`).toBeGreaterThan(0);
      for (const content of examples) {
        const parsed = content.schema.safeParse(content.example);
        expect(parsed.error?.issues ?? [], `${operation.method} ${operation.path}: example of ${content.name}`).toEqual([]);
      }
    }
  });

  it('carries the examples and the error envelope into the document', () => {
    const join = document.paths['/api/join']?.post;
    expect(join?.responses['201']?.content?.['application/json']?.example).toMatchObject({ person: { eventId: 'acsh-2023' } });
    expect(join?.responses['429']?.content?.['application/json']).toEqual({ schema: { $ref: '#/components/schemas/ErrorEnvelope' } });
    expect(Object.keys(document.paths['/api/reports/{eventId}/{table}.csv']?.get?.responses['200']?.content ?? {})).toEqual(['text/csv']);
  });
});

describe('report schemas', () => {
  it('match what the report routes answer for a room that was used', async () => {
    const cast = await castOf(plenary);
    await joinAll(cast);
    const { pollId } = await seedRoom(cast);
    await ok(cast.moderator.socket, 'floor.call', {});
    await ok(cast.moderator.socket, 'floor.endTurn', {});
    await ok(cast.moderator.socket, 'poll.close', { pollId });

    const room: unknown = await (await plenary.admin(`/api/reports/${EVENT_ID}/rooms/${ROOM_ID}`)).json();
    const parsedRoom = RoomReportSchema.parse(room);
    // Parsing drops unknown fields: equal means the schema names every field the route sends.
    expect(parsedRoom).toEqual(room);
    expect(parsedRoom.speakingTime.turns.length).toBe(1);
    expect(parsedRoom.polls.length).toBe(1);
    expect(parsedRoom.questions.length).toBe(1);

    const event: unknown = await (await plenary.admin(`/api/reports/${EVENT_ID}`)).json();
    expect(EventReportSchema.parse(event)).toEqual(event);
  });
});
