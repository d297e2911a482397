import { describe, expect, it } from 'vitest';
import type { AgendaRoom } from '../../shared/model/event.ts';
import type { HallState } from '../../shared/model/hall.ts';
import { followHallState, followPublicAgenda, hallScreenView } from '../../client/src/lib/hall-screen.ts';
import { hallJoinUrl, hallScreenInviteLink, hallScreenPath } from '../../client/src/lib/hall-links.ts';
import type { PublicAgenda } from '../../shared/protocol/http.ts';

const room = (id: string, hall: string | null, startsAt: string, endsAt: string): AgendaRoom => ({
  id,
  title: id,
  kind: 'panel',
  description: '',
  hall,
  startsAt,
  endsAt,
  turnMinutes: 5,
  timers: [],
  moderators: [],
  speakers: [],
} as unknown as AgendaRoom);

const rooms = [
  room('opening', 'main-hall', '2023-05-17T09:00:00+06:00', '2023-05-17T10:00:00+06:00'),
  room('panel-1', 'main-hall', '2023-05-17T11:30:00+06:00', '2023-05-17T13:15:00+06:00'),
  room('side', 'hall-b', '2023-05-17T11:30:00+06:00', '2023-05-17T13:15:00+06:00'),
  room('panel-2', 'main-hall', '2023-05-17T14:30:00+06:00', '2023-05-17T16:00:00+06:00'),
  room('day-2', 'main-hall', '2023-05-18T09:00:00+06:00', '2023-05-18T10:00:00+06:00'),
];
const agenda = { rooms, timezone: 'Asia/Almaty' };
const state = (roomId: string | null, revision = 1): HallState => ({ eventId: 'acsh-2023', hallId: 'main-hall', revision, roomId, changedAtMs: null });
const at = (iso: string) => Date.parse(iso);

describe('following a hall’s choice of session', () => {
  it('applies a newer revision of the same hall and drops older or foreign ones', () => {
    expect(followHallState(null, state('opening', 1))).toEqual(state('opening', 1));
    expect(followHallState(state('opening', 2), state('panel-1', 3))).toEqual(state('panel-1', 3));
    expect(followHallState(state('panel-1', 3), state('opening', 2))).toEqual(state('panel-1', 3));
    expect(followHallState(state('panel-1', 3), state('opening', 3))).toEqual(state('panel-1', 3));
    expect(followHallState(state('panel-1', 3), { ...state('side', 9), hallId: 'hall-b' })).toEqual(state('panel-1', 3));
  });
});

describe('what a hall’s screen shows', () => {
  const noon = at('2023-05-17T12:00:00+06:00');

  it('shows the session while it is open, and the one before while the next loads', () => {
    expect(hallScreenView(agenda, state('panel-1'), { roomId: 'panel-1', open: true }, noon)).toEqual({ kind: 'session' });
    expect(hallScreenView(agenda, state('panel-2'), { roomId: 'panel-1', open: true }, noon)).toEqual({ kind: 'session' });
    expect(hallScreenView(agenda, state('panel-1'), null, noon)).toEqual({ kind: 'loading' });
    expect(hallScreenView(agenda, state('panel-2'), { roomId: 'panel-1', open: false }, noon)).toMatchObject({ kind: 'between', next: { id: 'panel-2' } });
  });

  it('between sessions: the session after the closed one, or the first not over when none was chosen', () => {
    expect(hallScreenView(agenda, state('panel-1'), { roomId: 'panel-1', open: false }, noon)).toMatchObject({ kind: 'between', next: { id: 'panel-2' } });
    expect(hallScreenView(agenda, state(null, 0), null, noon)).toMatchObject({ kind: 'between', next: { id: 'panel-1' } });
    expect(hallScreenView(agenda, state(null, 0), null, at('2023-05-17T08:00:00+06:00'))).toMatchObject({ kind: 'between', next: { id: 'opening' } });
  });

  it('the day is over after the hall’s last session of the day, even with another day to come', () => {
    const evening = at('2023-05-17T17:00:00+06:00');
    expect(hallScreenView(agenda, state('panel-2'), { roomId: 'panel-2', open: false }, evening)).toMatchObject({ kind: 'dayOver', next: { id: 'day-2' } });
    expect(hallScreenView(agenda, state('day-2'), { roomId: 'day-2', open: false }, at('2023-05-18T11:00:00+06:00'))).toEqual({ kind: 'dayOver', next: null });
  });
});

describe('an agenda pushed to a hall’s screen', () => {
  const held = { agenda: { id: 'acsh-2023', title: 'ACSH', rooms, publicUrl: 'https://plenary.example.org' } as unknown as PublicAgenda, revision: 4 };
  it('replaces the held one when newer, keeping the public address', () => {
    const pushed = { ...held.agenda, title: 'ACSH 2023', revision: 5 } as never;
    expect(followPublicAgenda(held, pushed)).toMatchObject({ revision: 5, agenda: { title: 'ACSH 2023', publicUrl: 'https://plenary.example.org' } });
    expect(followPublicAgenda(held, { ...held.agenda, title: 'old', revision: 4 } as never)).toBe(held);
  });
});

describe('a hall’s links', () => {
  it('a screen’s path, and the display invite that opens it without a form', () => {
    expect(hallScreenPath('acsh-2023', 'main-hall', 'projector')).toBe('/e/acsh-2023/h/main-hall/projector');
    expect(hallScreenInviteLink('https://plenary.example.org/join/s3cret', 'acsh-2023', 'main-hall', 'stage')).toBe(
      'https://plenary.example.org/join/s3cret?next=/e/acsh-2023/h/main-hall/stage',
    );
  });

  it('the QR code names the code people can type and the hall', () => {
    expect(hallJoinUrl('https://plenary.example.org/', 'ACSHMAIN', 'main-hall')).toBe('https://plenary.example.org/?code=ACSHMAIN&hall=main-hall');
    expect(hallJoinUrl('https://plenary.example.org', 'ACSH23', null)).toBe('https://plenary.example.org/?code=ACSH23');
  });
});
