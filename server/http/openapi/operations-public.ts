import { z } from 'zod';
import { IdSchema } from '../../../shared/ids.ts';
import { calendarFeedPaths, HallViewSchema, InviteGrantSchema, JoinRequestSchema, JoinResponseSchema, LivenessSchema, PublicAgendaSchema, ReadinessSchema } from '../../../shared/protocol/http.ts';
import { calendar, person, publicAgenda } from './examples.ts';
import { body, json, text, type Operation } from './operation.ts';

const ids = { eventId: IdSchema, hallId: IdSchema, roomId: IdSchema };

/** The document's own shape, as far as a reader of this operation needs it. */
const OpenApiDocumentSchema = z.object({ openapi: z.literal('3.1.0'), info: z.object({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }).loose();

const calendarFeed = (path: string, scope: string): Operation => ({
  method: 'get',
  path,
  tag: 'Calendar',
  summary: `The iCalendar feed (RFC 5545) of ${scope}`,
  description: 'Public, for calendar apps to subscribe to. The ETag is the event\'s revision: send it as If-None-Match to get 304 when nothing changed.',
  auth: 'none',
  params: ids,
  headers: [{ name: 'If-None-Match', description: 'The ETag of the feed last downloaded.', schema: z.string() }],
  responses: {
    200: { ...body('The feed, with a VTIMEZONE of the event\'s time zone and one VEVENT per session.', text('text/calendar', 'Calendar', calendar)), headers: { ETag: 'The event\'s revision.', 'Cache-Control': 'public, max-age=300' } },
    304: { description: 'Not modified since the ETag sent.', contents: [] },
  },
  errors: ['not_found'],
});

/** Health, the API document itself, joining, and what anyone may read without signing in. */
export const PUBLIC_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/healthz',
    tag: 'Operations',
    summary: 'Liveness: the process runs',
    auth: 'none',
    responses: { 200: body('Alive.', json('Liveness', LivenessSchema, { status: 'ok' })) },
    errors: [],
  },
  {
    method: 'get',
    path: '/readyz',
    tag: 'Operations',
    summary: 'Readiness: the store (and Redis, scaled out) answers within a second',
    auth: 'none',
    responses: {
      200: body('Ready.', json('Readiness', ReadinessSchema, { status: 'ready', store: 'sqlite' })),
      503: body('Not ready, with the reason.', json('Readiness', ReadinessSchema, { status: 'not_ready', store: 'redis', reason: 'store ping timed out' })),
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'Operations',
    summary: 'Prometheus metrics',
    auth: 'none',
    responses: { 200: body('The metrics in Prometheus\' text format.', text('text/plain', 'PrometheusText', '# TYPE plenary_commands_total counter\nplenary_commands_total{command="floor.call",outcome="ok"} 12\n')) },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'Operations',
    summary: 'This document',
    auth: 'none',
    responses: {
      200: {
        ...body('The OpenAPI 3.1 document of the HTTP API.', json('OpenApiDocument', OpenApiDocumentSchema, { openapi: '3.1.0', info: { title: 'Plenary HTTP API', version: '0.1.0' }, paths: {} })),
        headers: { 'Cache-Control': 'public, max-age=3600', ETag: 'A hash of the document: send it as If-None-Match to get 304.' },
      },
      304: { description: 'Not modified since the ETag sent.', contents: [] },
    },
    errors: [],
  },
  {
    method: 'post',
    path: '/api/join',
    tag: 'Joining',
    summary: 'Join with an audience code, an invite or the admin token',
    description: 'Answers a session token for the Socket.IO connection (`auth: { token }`). Joins are limited per network address (JOINS_PER_MINUTE).',
    auth: 'none',
    request: body(
      'One credential and a profile.',
      json('JoinRequest', JoinRequestSchema, { code: 'ACSH23', name: 'Dana Nurlanovna', organisation: 'Academy of Public Administration', country: 'Kazakhstan', attendance: 'hall' }),
    ),
    responses: { 201: body('Joined.', json('JoinResponse', JoinResponseSchema, { token: 'eyJhbGciOiJIUzI1NiJ9.eyJwZXJzb25JZCI6InVfOEhxMnhZZjMifQ.c2ln', person })) },
    errors: ['invalid_input', 'unauthenticated', 'not_found', 'rate_limited'],
  },
  {
    method: 'get',
    path: '/api/public/invites/{secret}',
    tag: 'Joining',
    summary: 'What an invite link joins as',
    auth: 'none',
    responses: { 200: body('The invite\'s grant.', json('InviteGrant', InviteGrantSchema, { eventId: 'acsh-2023', role: 'moderator', roomId: 'panel-1', hallId: null })) },
    errors: ['unauthenticated'],
  },
  {
    method: 'get',
    path: '/api/public/events/by-code/{code}',
    tag: 'Joining',
    summary: 'The agenda of the event with an audience code (a leading # is ignored)',
    auth: 'none',
    responses: { 200: body('The public agenda.', json('PublicAgenda', PublicAgendaSchema, publicAgenda)) },
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/api/public/events/{eventId}',
    tag: 'Joining',
    summary: 'The public agenda of an event',
    auth: 'none',
    params: ids,
    responses: { 200: body('The public agenda.', json('PublicAgenda', PublicAgendaSchema, publicAgenda)) },
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/api/public/events/{eventId}/halls/{hallId}',
    tag: 'Halls',
    summary: 'A hall, the session its screens show, and where its join code leads now',
    auth: 'none',
    params: ids,
    responses: {
      200: body(
        'The hall.',
        json('HallView', HallViewSchema, {
          hall: { id: 'main-hall', name: 'Main Hall', code: 'MAIN23' },
          state: { eventId: 'acsh-2023', hallId: 'main-hall', revision: 4, roomId: 'panel-1', changedAtMs: 1699502400000 },
          currentOpen: true,
          liveRoomId: 'panel-1',
        }),
      ),
    },
    errors: ['not_found'],
  },
  calendarFeed(calendarFeedPaths.event('{eventId}'), 'the whole event'),
  calendarFeed(calendarFeedPaths.hall('{eventId}', '{hallId}'), 'one hall\'s sessions'),
  calendarFeed(calendarFeedPaths.room('{eventId}', '{roomId}'), 'one session'),
];
