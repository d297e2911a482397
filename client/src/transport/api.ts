import type { ProtocolError } from '../../../shared/errors.ts';
import type { HallView, InviteGrant, JoinRequest, JoinResponse, PublicAgenda } from '../../../shared/protocol/http.ts';

export class ApiError extends Error {
  constructor(readonly error: ProtocolError, readonly status: number) {
    super(error.message);
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError({ code: 'unavailable', message: 'The server cannot be reached. Check the connection and try again.' }, 0);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: ProtocolError } | null)?.error;
    throw new ApiError(error ?? { code: 'internal', message: `The server answered ${response.status}.` }, response.status);
  }
  return body as T;
}

const jsonBody = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export const api = {
  join: (body: JoinRequest) => request<JoinResponse>('/api/join', jsonBody('POST', body)),
  eventByCode: (code: string) => request<PublicAgenda>(`/api/public/events/by-code/${encodeURIComponent(code.replace(/^#/, ''))}`),
  event: (eventId: string) => request<PublicAgenda>(`/api/public/events/${encodeURIComponent(eventId)}`),
  hall: (eventId: string, hallId: string) =>
    request<HallView>(`/api/public/events/${encodeURIComponent(eventId)}/halls/${encodeURIComponent(hallId)}`),
  invite: (secret: string) => request<InviteGrant>(`/api/public/invites/${encodeURIComponent(secret)}`),
  admin: <T>(adminToken: string, path: string, init: RequestInit = {}) =>
    request<T>(path, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${adminToken}` } }),
  adminJson: <T>(adminToken: string, method: string, path: string, body: unknown) =>
    request<T>(path, jsonBody(method, body, { authorization: `Bearer ${adminToken}` })),
};
