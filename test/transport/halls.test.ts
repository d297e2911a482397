import { describe, expect, it } from 'vitest';
import type { HallState } from '../../shared/model/hall.ts';
import type { HallView, InviteGrant, InviteView } from '../../shared/protocol/http.ts';
import type { ServerEventPayload } from '../../shared/protocol/server-events.ts';
import { ok, send, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';

const EVENT = 'acsh-2023';
/** The Main Hall's first three sessions on day one, in programme order. */
const [WELCOME, KEYNOTE, PANEL] = ['day1-welcome', 'keynote-1', 'panel-1'];

async function hallInvite(plenary: TestServer, hallId: string): Promise<string> {
  const invites = (await (await plenary.admin(`/api/events/${EVENT}/invites`)).json()) as InviteView[];
  const invite = invites.find((i) => i.role === 'display' && i.hallId === hallId);
  if (!invite) throw new Error(`no display invite for hall ${hallId}`);
  return invite.url.split('/join/')[1]!;
}

/** Every hall.changed a socket receives, and the state it keeps by the client's rule: a higher revision wins. */
function followerOf(socket: ClientSocket, initial: HallState) {
  const received: HallState[] = [];
  let held = initial;
  const waiters: Array<{ revision: number; resolve: (state: HallState) => void }> = [];
  socket.on('hall.changed', (state: ServerEventPayload<'hall.changed'>) => {
    received.push(state);
    if (state.revision > held.revision) held = state;
    for (const waiter of waiters.filter((w) => held.revision >= w.revision)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(held);
    }
  });
  return {
    received,
    held: () => held,
    atRevision: (revision: number) =>
      new Promise<HallState>((resolve) => (held.revision >= revision ? resolve(held) : waiters.push({ revision, resolve }))),
  };
}

function putAgenda(plenary: TestServer, agenda: unknown): Promise<Response> {
  return plenary.admin(`/api/events/${EVENT}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(agenda) });
}

async function currentAgenda(plenary: TestServer): Promise<Record<string, unknown> & { halls: Array<{ id: string; name: string }>; rooms: Array<{ id: string; hall: string | null }> }> {
  const { revision: _revision, ...agenda } = (await (await plenary.admin(`/api/events/${EVENT}`)).json()) as Record<string, unknown> & {
    revision: number;
    halls: Array<{ id: string; name: string }>;
    rooms: Array<{ id: string; hall: string | null }>;
  };
  return agenda;
}

describe('halls: screens that follow the programme', () => {
  it('a hall display joins without a form and follows three sessions opened by their moderators, and agenda edits, on one connection', async () => {
    const plenary = await startPlenary();
    const secret = await hallInvite(plenary, 'main-hall');
    const grant = (await (await fetch(`${plenary.url}/api/public/invites/${secret}`)).json()) as InviteGrant;
    expect(grant).toEqual({ eventId: EVENT, role: 'display', roomId: null, hallId: 'main-hall' });

    const display = await plenary.person({ invite: secret });
    expect(display.person).toMatchObject({ name: 'Display', role: 'display', roomId: null, hallId: 'main-hall' });
    const initial = await ok(display.socket, 'hall.follow', { hallId: 'main-hall' });
    expect(initial).toMatchObject({ eventId: EVENT, hallId: 'main-hall', revision: 0, roomId: null });
    const follower = followerOf(display.socket, initial);
    const socketId = display.socket.id;

    const chairOf = async (roomId: string) => {
      const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', roomId), name: `Chair of ${roomId}` });
      await ok(chair.socket, 'room.join', { roomId });
      return chair.socket;
    };
    const [welcomeChair, keynoteChair] = [await chairOf(WELCOME), await chairOf(KEYNOTE)];

    // 1. The welcome's moderator opens their room: the hall moves with it.
    await ok(welcomeChair, 'room.open', {});
    expect(await follower.atRevision(1)).toMatchObject({ revision: 1, roomId: WELCOME });
    const welcome = await ok(display.socket, 'room.join', { roomId: WELCOME });
    expect(welcome.you.role).toBe('display');

    // 2. The keynote's moderator opens the keynote in the hall.
    const opened = await ok(keynoteChair, 'hall.open', { roomId: KEYNOTE });
    expect(opened.hall).toMatchObject({ revision: 2, roomId: KEYNOTE });
    expect(await follower.atRevision(2)).toMatchObject({ roomId: KEYNOTE });
    expect((await ok(display.socket, 'room.join', { roomId: KEYNOTE })).state.open).toBe(true);

    // 3. Handing over: the keynote's moderator opens the panel that follows in the hall.
    const handover = await ok(keynoteChair, 'hall.open', { roomId: PANEL });
    expect(handover.hall).toMatchObject({ revision: 3, roomId: PANEL });
    expect(await follower.atRevision(3)).toMatchObject({ roomId: PANEL });
    const panel = await ok(display.socket, 'room.join', { roomId: PANEL });
    expect(panel.state.open).toBe(true);
    expect(panel.you.role).toBe('display');
    expect(follower.received.map((state) => [state.revision, state.roomId])).toEqual([
      [1, WELCOME],
      [2, KEYNOTE],
      [3, PANEL],
    ]);

    // Elsewhere a hall display is audience; a moderator of another hall's session may not take this hall.
    expect((await ok(display.socket, 'room.join', { roomId: 'roundtable-1' })).you.role).toBe('audience');
    const stranger = await send(keynoteChair, 'hall.open', { roomId: 'panel-2' });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // An agenda edit reaches the same connection.
    const pushed = new Promise<ServerEventPayload<'agenda.changed'>>((resolve) => display.socket.once('agenda.changed', resolve));
    const patch = await plenary.admin(`/api/events/${EVENT}/rooms/${PANEL}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Panel 1, retitled' }) });
    expect(patch.status).toBe(200);
    expect((await pushed).rooms.find((room) => room.id === PANEL)?.title).toBe('Panel 1, retitled');
    expect(display.socket.id).toBe(socketId);
    expect(display.socket.connected).toBe(true);
  });

  it('a room display invite keeps working in its room only', async () => {
    const plenary = await startPlenary();
    const screen = await plenary.person({ invite: await plenary.inviteFor('display', PANEL) });
    expect(screen.person).toMatchObject({ name: 'Display', role: 'display', roomId: PANEL });
    expect((await ok(screen.socket, 'room.join', { roomId: PANEL })).you.role).toBe('display');
    expect((await ok(screen.socket, 'room.join', { roomId: KEYNOTE })).you.role).toBe('audience');
    expect(await send(screen.socket, 'hall.open', { roomId: PANEL })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('hall.follow and hall.open refuse what does not exist or has no hall', async () => {
    const plenary = await startPlenary();
    const organiser = await plenary.person({ adminToken: plenary.runtime.adminToken, eventId: EVENT, name: 'Organiser' });
    expect(await send(organiser.socket, 'hall.follow', { hallId: 'atrium' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await send(organiser.socket, 'hall.open', { roomId: 'no-such-room' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const agenda = await currentAgenda(plenary);
    const homeless = { ...agenda, rooms: agenda.rooms.map((room) => (room.id === PANEL ? { ...room, hall: null } : room)) };
    expect((await putAgenda(plenary, homeless)).status).toBe(200);
    expect(await send(organiser.socket, 'hall.open', { roomId: PANEL })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('no hall') } });
    expect(await plenary.runtime.store.loadHall(EVENT, 'main-hall')).toMatchObject({ revision: 0 });
  });

  it('the public hall view says where the hall takes a phone: the open session, else the next one', async () => {
    const plenary = await startPlenary();
    const view = async () => (await (await fetch(`${plenary.url}/api/public/events/${EVENT}/halls/main-hall`)).json()) as HallView;
    // The demo's dates are long past by the server's clock and the hall never held a session: it starts from its first.
    expect(await view()).toMatchObject({ hall: { id: 'main-hall', name: 'Main Hall', code: 'ACSHMAIN' }, state: { revision: 0, roomId: null }, currentOpen: false, liveRoomId: 'day1-welcome' });

    const organiser = await plenary.person({ adminToken: plenary.runtime.adminToken, eventId: EVENT, name: 'Organiser' });
    await ok(organiser.socket, 'hall.open', { roomId: KEYNOTE });
    expect(await view()).toMatchObject({ state: { revision: 1, roomId: KEYNOTE }, currentOpen: true, liveRoomId: KEYNOTE });

    await ok(organiser.socket, 'room.join', { roomId: KEYNOTE });
    await ok(organiser.socket, 'room.close', {});
    expect(await view()).toMatchObject({ state: { roomId: KEYNOTE }, currentOpen: false, liveRoomId: PANEL });

    expect((await fetch(`${plenary.url}/api/public/events/${EVENT}/halls/atrium`)).status).toBe(404);
    expect((await fetch(`${plenary.url}/api/public/events/nope/halls/main-hall`)).status).toBe(404);
  });

  it('two moderators opening two sessions of one hall at once: one revision order, every follower on the same session', async () => {
    const plenary = await startPlenary();
    const followers = await Promise.all(
      [0, 1, 2].map(async () => {
        const screen = await plenary.person({ invite: await hallInvite(plenary, 'main-hall') });
        return followerOf(screen.socket, await ok(screen.socket, 'hall.follow', { hallId: 'main-hall' }));
      }),
    );
    const keynoteChair = await plenary.person({ invite: await plenary.inviteFor('moderator', KEYNOTE), name: 'Keynote chair' });
    const panelChair = await plenary.person({ invite: await plenary.inviteFor('moderator', PANEL), name: 'Panel chair' });
    await ok(panelChair.socket, 'room.join', { roomId: PANEL });

    const [byHall, byRoom] = await Promise.all([ok(keynoteChair.socket, 'hall.open', { roomId: KEYNOTE }), ok(panelChair.socket, 'room.open', {})]);
    expect(byHall.hall.revision).toBeGreaterThan(0);
    expect(byRoom.revision).toBeGreaterThan(0);
    const final = await plenary.runtime.store.loadHall(EVENT, 'main-hall');
    expect(final.revision).toBe(2);
    for (const follower of followers) {
      expect(await follower.atRevision(2)).toEqual(final);
      expect(follower.received.map((state) => state.revision).sort()).toEqual([1, 2]);
    }
  });

  it('a hall display invite is made for a hall that exists, for a display only', async () => {
    const plenary = await startPlenary();
    const create = (body: unknown) => plenary.admin(`/api/events/${EVENT}/invites`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const made = await create({ role: 'display', hallId: 'hall-b', label: 'Hall B, stage left' });
    expect(made.status).toBe(201);
    expect(await made.json()).toMatchObject({ role: 'display', roomId: null, hallId: 'hall-b', label: 'Hall B, stage left' });
    const unknown = await create({ role: 'display', hallId: 'atrium' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('hallId') } });
    const moderator = await create({ role: 'moderator', hallId: 'hall-b' });
    expect(moderator.status).toBe(400);
    expect(await moderator.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('hallId') } });
  });

  it('a save that removes a hall with a screen connected is refused naming the hall; without screens it is saved', async () => {
    const plenary = await startPlenary();
    const agenda = await currentAgenda(plenary);
    const withAnnex = { ...agenda, halls: [...agenda.halls, { id: 'annex', name: 'Annex' }] };
    expect((await putAgenda(plenary, withAnnex)).status).toBe(200);
    const screen = await plenary.person({ invite: await hallInvite(plenary, 'annex') });
    await ok(screen.socket, 'hall.follow', { hallId: 'annex' });

    const refused = await putAgenda(plenary, agenda);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('hall "Annex" has 1 screen connected') } });
    expect((await currentAgenda(plenary)).halls.map((hall) => hall.id)).toContain('annex');

    // A hall its rooms still use cannot go either, screens or not.
    const withoutHallB = { ...agenda, halls: agenda.halls.filter((hall) => hall.id !== 'hall-b') };
    const missing = await putAgenda(plenary, withoutHallB);
    expect(missing.status).toBe(400);
    const roundtable = agenda.rooms.findIndex((room) => room.hall === 'hall-b');
    expect(await missing.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining(`rooms.${roundtable}.hall`) } });

    screen.socket.disconnect();
    await expect.poll(async () => (await putAgenda(plenary, agenda)).status).toBe(200);
    expect((await currentAgenda(plenary)).halls.map((hall) => hall.id)).not.toContain('annex');

    // The removed hall's screen invite lets nobody in, until a hall of that id is back.
    const annexInvite = await hallInvite(plenary, 'annex');
    const gone = (path: string, init?: RequestInit) => fetch(`${plenary.url}${path}`, init);
    const joinAnnex = () => gone('/api/join', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invite: annexInvite }) });
    for (const response of [await joinAnnex(), await gone(`/api/public/invites/${annexInvite}`)]) {
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining('hall of this invite link is no longer in the programme') } });
    }
    expect((await putAgenda(plenary, withAnnex)).status).toBe(200);
    expect((await joinAnnex()).status).toBe(201);
  });

  it('a hall join code joins the event; a PATCH location names a new hall with its own screen invite; an unknown hall is refused', async () => {
    const plenary = await startPlenary();
    const phone = await plenary.join({ code: '#acshmain', name: 'Aliya' });
    expect(phone.person).toMatchObject({ eventId: EVENT, role: 'audience' });
    const byCode = (await (await fetch(`${plenary.url}/api/public/events/by-code/ACSHB`)).json()) as { id: string };
    expect(byCode.id).toBe(EVENT);

    const patch = (body: unknown) => plenary.admin(`/api/events/${EVENT}/rooms/${PANEL}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const moved = await patch({ location: 'Small Hall' });
    expect(moved.status).toBe(200);
    const agenda = (await moved.json()) as { halls: Array<{ id: string; name: string }>; rooms: Array<{ id: string; hall: string | null }> };
    expect(agenda.halls).toContainEqual({ id: 'small-hall', name: 'Small Hall' });
    expect(agenda.rooms.find((room) => room.id === PANEL)?.hall).toBe('small-hall');
    expect(await hallInvite(plenary, 'small-hall')).toBeTruthy();

    const unknown = await patch({ hall: 'atrium' });
    expect(unknown.status).toBe(400);
    const index = agenda.rooms.findIndex((room) => room.id === PANEL);
    expect(await unknown.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining(`rooms.${index}.hall`) } });
    expect((await currentAgenda(plenary)).rooms.find((room) => room.id === PANEL)?.hall).toBe('small-hall');
  });

  it('a retried hall.open (same commandId) answers the same and moves the hall once', async () => {
    const plenary = await startPlenary();
    const screen = await plenary.person({ invite: await hallInvite(plenary, 'main-hall') });
    const follower = followerOf(screen.socket, await ok(screen.socket, 'hall.follow', { hallId: 'main-hall' }));
    const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', KEYNOTE), name: 'Keynote chair' });
    const commandId = 'c-hall-open-retry-0001';
    const first = await ok(chair.socket, 'hall.open', { roomId: KEYNOTE, commandId } as never);
    const again = await ok(chair.socket, 'hall.open', { roomId: KEYNOTE, commandId } as never);
    expect(again).toEqual(first);
    expect(await follower.atRevision(1)).toMatchObject({ roomId: KEYNOTE });
    // A later hall.changed would have come through the same channel as the first.
    await ok(screen.socket, 'clock.ping', { clientSentMs: 0 });
    expect(follower.received.map((state) => state.revision)).toEqual([1]);
  });
});
