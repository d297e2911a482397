import type { AgendaAtRevision, AgendaRoom } from '../../../shared/model/event.ts';
import type { ControlKeyView } from '../../../shared/protocol/control.ts';
import type { WebhookEventType, WebhookView } from '../../../shared/protocol/webhooks.ts';
import type { InviteView } from '../../../shared/protocol/http.ts';
import type { ImportFormat, ImportSummary } from '../../../shared/protocol/import.ts';
import { api, ApiError } from '../transport/api.ts';
import type { EventListItem, EventReport, RoomReport } from '../../../shared/model/report.ts';

export type { EventListItem, EventReport, RoomReport };
export type { DelegationTotal, PollSummary, QuestionSummary, ReportTable, ReportTurn, SpeakerTotal, SpeakingTime } from '../../../shared/model/report.ts';
export { REPORT_TABLE_NAMES } from '../../../shared/model/report.ts';
export type { InviteView };

const enc = encodeURIComponent;

/** A room as the organiser sends it: its hall may be named by `location` (the server finds or creates the hall). */
export type AgendaRoomInput = AgendaRoom & { location?: string };

/** A change to one room: the fields named, and `quotas: null` to take its own quotas away (the event's apply again). */
export type AgendaRoomPatch = Partial<Omit<AgendaRoomInput, 'quotas'>> & { quotas?: AgendaRoom['quotas'] | null };

/** Where a report lives: the whole event, or one room of it. */
export function reportPath(eventId: string, roomId: string | null): string {
  return roomId === null ? `/api/reports/${enc(eventId)}` : `/api/reports/${enc(eventId)}/rooms/${enc(roomId)}`;
}

/** The Content-Type the server parses an agenda file by: JSON for .json, YAML otherwise. */
export function agendaContentType(fileName: string): 'application/json' | 'application/yaml' | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'application/json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'application/yaml';
  return null;
}

/**
 * A room edit, sent with the revision of the agenda it was made on: the server applies it to
 * that revision only, and refuses it with 409 if another organiser saved in between.
 */
function editAt(revision: number, method: 'POST' | 'PATCH', body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json', 'if-match': `"${revision}"` }, body: JSON.stringify(body) };
}

/** The organiser's HTTP calls, all with the admin token. */
export function organiserApi(token: string) {
  return {
    events: () => api.admin<EventListItem[]>(token, '/api/events'),
    agenda: (eventId: string) => api.admin<AgendaAtRevision>(token, `/api/events/${enc(eventId)}`),
    addRoom: (agenda: AgendaAtRevision, room: AgendaRoomInput) =>
      api.admin<AgendaAtRevision>(token, `/api/events/${enc(agenda.id)}/rooms`, editAt(agenda.revision, 'POST', room)),
    patchRoom: (agenda: AgendaAtRevision, roomId: string, change: AgendaRoomPatch) =>
      api.admin<AgendaAtRevision>(token, `/api/events/${enc(agenda.id)}/rooms/${enc(roomId)}`, editAt(agenda.revision, 'PATCH', change)),
    importAgenda: (text: string, contentType: string) =>
      api.admin<AgendaAtRevision>(token, '/api/agenda', { method: 'POST', headers: { 'content-type': contentType }, body: text }),
    importProgramme: (eventId: string, text: string, format: ImportFormat, defaultKind: AgendaRoom['kind']) =>
      api.admin<{ summary: ImportSummary; agenda: AgendaAtRevision }>(token, `/api/events/${enc(eventId)}/import?${new URLSearchParams({ format, defaultKind })}`, {
        method: 'POST',
        headers: { 'content-type': format === 'csv' ? 'text/csv' : 'application/json' },
        body: text,
      }),
    invites: (eventId: string) => api.admin<InviteView[]>(token, `/api/events/${enc(eventId)}/invites`),
    createInvite: (eventId: string, role: InviteView['role'], roomId: string | null, label: string | null = null, hallId: string | null = null) =>
      api.adminJson<InviteView>(token, 'POST', `/api/events/${enc(eventId)}/invites`, { role, roomId, label, ...(hallId ? { hallId } : {}) }),
    revokeInvite: (eventId: string, inviteId: string) =>
      api.admin<InviteView>(token, `/api/events/${enc(eventId)}/invites/${enc(inviteId)}`, { method: 'DELETE' }),
    controlKeys: (eventId: string) => api.admin<ControlKeyView[]>(token, `/api/events/${enc(eventId)}/control-keys`),
    createControlKey: (eventId: string, target: { roomId: string } | { hallId: string }, label: string) =>
      api.adminJson<ControlKeyView & { key: string }>(token, 'POST', `/api/events/${enc(eventId)}/control-keys`, { ...target, label }),
    revokeControlKey: (eventId: string, keyId: string) =>
      api.admin<ControlKeyView>(token, `/api/events/${enc(eventId)}/control-keys/${enc(keyId)}`, { method: 'DELETE' }),
    webhooks: (eventId: string) => api.admin<WebhookView[]>(token, `/api/events/${enc(eventId)}/webhooks`),
    createWebhook: (eventId: string, endpoint: { url: string; events: WebhookEventType[]; label: string }) =>
      api.adminJson<WebhookView & { secret: string }>(token, 'POST', `/api/events/${enc(eventId)}/webhooks`, endpoint),
    deleteWebhook: (eventId: string, webhookId: string) =>
      api.admin<WebhookView>(token, `/api/events/${enc(eventId)}/webhooks/${enc(webhookId)}`, { method: 'DELETE' }),
    eventReport: (eventId: string) => api.admin<EventReport>(token, reportPath(eventId, null)),
    roomReport: (eventId: string, roomId: string) => api.admin<RoomReport>(token, reportPath(eventId, roomId)),
    /** Links cannot carry the Authorization header, so the file is fetched and handed over as a Blob. */
    async download(path: string, fileName: string): Promise<void> {
      let response: Response;
      try {
        response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
      } catch {
        throw new ApiError({ code: 'unavailable', message: 'The server cannot be reached. Check the connection and try again.' }, 0);
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
        throw new ApiError(
          (body?.error as ApiError['error'] | undefined) ?? { code: 'internal', message: `The server answered ${response.status}.` },
          response.status,
        );
      }
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      // Revoking at once can cancel the download in some browsers; a minute is plenty.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}
export type OrganiserApi = ReturnType<typeof organiserApi>;

/** The message to show where the organiser acted. */
export function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
}

/**
 * Whether a refused edit was refused because the event moved on from the revision it was made
 * on (`latestRevision`, read after the refusal), rather than for what it asked.
 */
export function isStaleEdit(error: unknown, sentRevision: number, latestRevision: number | null): boolean {
  return isConflict(error) && latestRevision !== null && latestRevision !== sentRevision;
}

export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409;
}

export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.error.code === 'unauthenticated');
}
