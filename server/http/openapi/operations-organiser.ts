import { z } from 'zod';
import type { ErrorCode } from '../../../shared/errors.ts';
import { IdSchema } from '../../../shared/ids.ts';
import { AgendaAtRevisionSchema, AgendaRoomChangeSchema, AgendaRoomSchema, AgendaSchema } from '../../../shared/model/event.ts';
import { PersonSchema } from '../../../shared/model/person.ts';
import { EventListItemSchema } from '../../../shared/model/report.ts';
import { ControlKeyViewSchema, CreateControlKeySchema, CreatedControlKeySchema } from '../../../shared/protocol/control.ts';
import { CreateInviteSchema, InviteViewSchema, PeoplePageSchema } from '../../../shared/protocol/http.ts';
import { agendaAtRevision, agendaInput, controlKey, invite, person } from './examples.ts';
import { body, json, type Body, type Header, type Operation } from './operation.ts';

const ids = { eventId: IdSchema, roomId: IdSchema };
const ifMatch: Header = {
  name: 'If-Match',
  description: 'The revision the edit was made on (`"3"`, the ETag of GET /api/events/{eventId}); a newer one is refused with `conflict`. Without it the edit applies to the latest.',
  schema: z.string(),
};
const saved = (description: string): Body => ({
  ...body(description, json('AgendaAtRevision', AgendaAtRevisionSchema, agendaAtRevision)),
  headers: { ETag: 'The event\'s new revision, for the next If-Match.' },
});
const agendaBody = body('The whole agenda: event, halls and sessions (the agenda format of docs/API.md).', json('AgendaInput', AgendaSchema, agendaInput));
const edit: ErrorCode[] = ['invalid_input', 'not_found', 'conflict', 'unavailable'];
const ControlKeyListSchema = z.array(ControlKeyViewSchema);
const InviteListSchema = z.array(InviteViewSchema);

const revokeInvite = (method: 'delete' | 'post', path: string): Operation => ({
  method,
  path,
  tag: 'Invites',
  summary: 'Revoke an invite: its link lets no one join and the sessions joined with it are closed',
  auth: 'admin',
  responses: { 200: body('The revoked invite.', json('InviteView', InviteViewSchema, { ...invite, revokedAtMs: 1699509600000 })) },
  errors: ['not_found', 'unavailable'],
});

/** The organiser's API (admin token): events and their agendas, sessions, invites, people, control keys. */
export const ORGANISER_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/events',
    tag: 'Events',
    summary: 'Every event',
    auth: 'admin',
    responses: { 200: body('The events.', json('EventList', z.array(EventListItemSchema), [{ id: 'acsh-2023', title: agendaInput.title, audienceCode: 'ACSH23', rooms: 1 }])) },
    errors: ['unavailable'],
  },
  {
    method: 'post',
    path: '/api/events',
    tag: 'Events',
    summary: 'Create an event from its agenda',
    auth: 'admin',
    request: agendaBody,
    responses: { 201: saved('Created, with the standard invites of each session.') },
    errors: ['invalid_input', 'conflict', 'unavailable'],
  },
  {
    method: 'get',
    path: '/api/events/{eventId}',
    tag: 'Events',
    summary: 'An event\'s agenda, with its revision',
    auth: 'admin',
    params: ids,
    responses: { 200: saved('The agenda.') },
    errors: ['not_found', 'unavailable'],
  },
  {
    method: 'put',
    path: '/api/events/{eventId}',
    tag: 'Events',
    summary: 'Replace an event\'s agenda',
    description: 'Refused with `conflict` when it removes a hall whose screens are in use.',
    auth: 'admin',
    params: ids,
    headers: [ifMatch],
    request: agendaBody,
    responses: { 200: saved('Saved.') },
    errors: edit,
  },
  {
    method: 'post',
    path: '/api/agenda',
    tag: 'Events',
    summary: 'Import an agenda file (YAML or JSON, by Content-Type): creates the event or replaces it',
    auth: 'admin',
    request: {
      description: 'The agenda file itself, at most 1 MB.',
      contents: [
        { mediaType: 'application/yaml', name: 'AgendaInput', schema: AgendaSchema },
        json('AgendaInput', AgendaSchema, agendaInput),
      ],
    },
    responses: { 200: saved('Imported.') },
    errors: ['invalid_input', 'conflict', 'unavailable'],
  },
  {
    method: 'post',
    path: '/api/events/{eventId}/rooms',
    tag: 'Sessions',
    summary: 'Add a session',
    auth: 'admin',
    params: ids,
    headers: [ifMatch],
    request: body('The session.', json('AgendaRoomInput', AgendaRoomSchema, agendaInput.rooms[0])),
    responses: { 201: saved('Added, with its standard invites.') },
    errors: edit,
  },
  {
    method: 'patch',
    path: '/api/events/{eventId}/rooms/{roomId}',
    tag: 'Sessions',
    summary: 'Change some fields of a session',
    description: 'Only the fields named change; the session that results is checked whole.',
    auth: 'admin',
    params: ids,
    headers: [ifMatch],
    request: body('The fields to set.', json('AgendaRoomChange', AgendaRoomChangeSchema, { title: 'Panel 1: Digital public service', turnMinutes: 8 })),
    responses: { 200: saved('Saved.') },
    errors: edit,
  },
  {
    method: 'get',
    path: '/api/events/{eventId}/invites',
    tag: 'Invites',
    summary: 'The event\'s invites',
    auth: 'admin',
    params: ids,
    responses: { 200: body('The invites, revoked ones included.', json('InviteList', InviteListSchema, [invite])) },
    errors: ['not_found', 'unavailable'],
  },
  {
    method: 'post',
    path: '/api/events/{eventId}/invites',
    tag: 'Invites',
    summary: 'Create an invite for a role (a session\'s, or a hall\'s for a display)',
    auth: 'admin',
    params: ids,
    request: body('The invite.', json('CreateInvite', CreateInviteSchema, { role: 'moderator', roomId: 'panel-1', label: 'Chair, panel 1' })),
    responses: { 201: body('Created.', json('InviteView', InviteViewSchema, invite)) },
    errors: ['invalid_input', 'not_found', 'unavailable'],
  },
  revokeInvite('delete', '/api/events/{eventId}/invites/{inviteId}'),
  revokeInvite('post', '/api/events/{eventId}/invites/{inviteId}/revoke'),
  {
    method: 'get',
    path: '/api/events/{eventId}/people',
    tag: 'People',
    summary: 'A page of the people who joined the event',
    auth: 'admin',
    params: ids,
    query: PeoplePageSchema,
    responses: { 200: { ...body('The page.', json('PersonList', z.array(PersonSchema), [person])), headers: { 'X-Total-Count': 'How many people the event has.' } } },
    errors: ['invalid_input', 'not_found', 'unavailable'],
  },
  {
    method: 'get',
    path: '/api/events/{eventId}/control-keys',
    tag: 'Control keys',
    summary: 'The event\'s control keys (never their secrets)',
    auth: 'admin',
    params: ids,
    responses: { 200: body('The keys, revoked ones included.', json('ControlKeyList', ControlKeyListSchema, [controlKey])) },
    errors: ['not_found', 'unavailable'],
  },
  {
    method: 'post',
    path: '/api/events/{eventId}/control-keys',
    tag: 'Control keys',
    summary: 'Create a control key for a session or a hall',
    auth: 'admin',
    params: ids,
    request: body('roomId or hallId, and a label.', json('CreateControlKey', CreateControlKeySchema, { hallId: 'main-hall', label: 'Main Hall desk' })),
    responses: { 201: body('Created; `key` is shown this once.', json('CreatedControlKey', CreatedControlKeySchema, { ...controlKey, key: 'plk_k4n8s2q7w1zx_Xq7mR2vL9pT4wZ8kN3cB6yH1sD5fJ0aG' })) },
    errors: ['invalid_input', 'not_found', 'unavailable'],
  },
  {
    method: 'delete',
    path: '/api/events/{eventId}/control-keys/{keyId}',
    tag: 'Control keys',
    summary: 'Revoke a control key',
    auth: 'admin',
    params: ids,
    responses: { 200: body('The revoked key.', json('ControlKeyView', ControlKeyViewSchema, { ...controlKey, revokedAtMs: 1699509600000 })) },
    errors: ['not_found', 'unavailable'],
  },
];
