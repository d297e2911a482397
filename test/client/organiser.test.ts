import { afterEach, describe, expect, it, vi } from 'vitest';
import { agendaContentType, isStaleEdit, organiserApi, reportPath, REPORT_TABLE_NAMES } from '../../client/src/lib/organiser-api.ts';
import { ApiError } from '../../client/src/transport/api.ts';
import { startPlenary } from '../support/plenary.ts';
import { agendaQuotas, quotaLines, quotaSummary } from '../../client/src/lib/quota-lines.ts';
import { changedRoomFields, type RoomFields } from '../../client/src/lib/room-edit.ts';
import { agendaPeople, balanceVerdict, barWidth, durationParts, personDraft, roomIdFromTitle } from '../../client/src/lib/organiser-report.ts';
import { ADMIN_TOKEN_KEY, hashWithoutToken, takeAdminToken, tokenFromHash } from '../../client/src/lib/organiser-token.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    items,
  };
}

describe('the organiser link’s admin token', () => {
  it('is read from the fragment, alone or among other parameters', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('#tab=report&token=abc123')).toBe('abc123');
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
  });

  it('is kept for the tab and taken out of the address bar at once', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const token = takeAdminToken({ pathname: '/organiser', search: '?event=acsh-2023', hash: '#token=s3cret' }, storage, (url) => replaced.push(url));
    expect(token).toBe('s3cret');
    expect(storage.items.get(ADMIN_TOKEN_KEY)).toBe('s3cret');
    expect(replaced).toEqual(['/organiser?event=acsh-2023']);
    expect(hashWithoutToken('#x=1&token=s3cret')).toBe('#x=1');
  });

  it('comes from the tab’s storage on a reload, with no rewrite of the address', () => {
    const storage = memoryStorage({ [ADMIN_TOKEN_KEY]: 'kept' });
    const replaced: string[] = [];
    expect(takeAdminToken({ pathname: '/organiser', search: '', hash: '' }, storage, (url) => replaced.push(url))).toBe('kept');
    expect(replaced).toEqual([]);
    expect(takeAdminToken({ pathname: '/organiser', search: '', hash: '' }, memoryStorage(), () => undefined)).toBeNull();
  });
});

describe('organiser API helpers', () => {
  it('sends an agenda file with the Content-Type of its extension', () => {
    expect(agendaContentType('acsh-2023.yaml')).toBe('application/yaml');
    expect(agendaContentType('Agenda.YML')).toBe('application/yaml');
    expect(agendaContentType('agenda.json')).toBe('application/json');
    expect(agendaContentType('agenda.docx')).toBeNull();
  });

  it('finds a report for the event or one room, and every CSV table', () => {
    expect(reportPath('acsh-2023', null)).toBe('/api/reports/acsh-2023');
    expect(reportPath('acsh-2023', 'panel-1')).toBe('/api/reports/acsh-2023/rooms/panel-1');
    expect(REPORT_TABLE_NAMES).toEqual(['speakers', 'turns', 'delegations', 'polls', 'questions', 'quiz_questions', 'quiz_players']);
  });
});

describe('reading a report', () => {
  it('puts the floor balance in words', () => {
    expect(balanceVerdict(1, 0, 0)).toBe('nobody');
    expect(balanceVerdict(1, 1, 600_000)).toBe('single');
    expect(balanceVerdict(0.92, 6, 3_600_000)).toBe('even');
    expect(balanceVerdict(0.6, 6, 3_600_000)).toBe('uneven');
    expect(balanceVerdict(0.2, 6, 3_600_000)).toBe('dominated');
  });

  it('draws bars against the longest, never past the end', () => {
    expect(barWidth(300, 600)).toBe(50);
    expect(barWidth(5, 0)).toBe(0);
    expect(barWidth(700, 600)).toBe(100);
  });
});

describe('editing a room’s people', () => {
  it('leaves blank fields out and drops rows without a name', () => {
    const drafts = [
      personDraft({ name: 'Lieve Vermeulen', organisation: 'Federal Public Service for Policy and Support', country: 'Belgium' }),
      { name: '  ', organisation: 'Nobody', country: '', title: '' },
      { name: ' Aminath Sheeza ', organisation: '', country: 'Maldives', title: '' },
    ];
    expect(agendaPeople(drafts)).toEqual([
      { name: 'Lieve Vermeulen', organisation: 'Federal Public Service for Policy and Support', country: 'Belgium' },
      { name: 'Aminath Sheeza', country: 'Maldives' },
    ]);
  });

  it('proposes a room id from the title', () => {
    expect(roomIdFromTitle('Panel 6: Digital public services')).toBe('panel-6-digital-public-services');
    expect(roomIdFromTitle('Café débat')).toBe('cafe-debat');
  });
});

describe('speaking time in words', () => {
  it('splits a duration into hours, minutes and rounded seconds', () => {
    expect(durationParts(610_000)).toEqual({ hours: 0, minutes: 10, seconds: 10 });
    expect(durationParts(3_725_400)).toEqual({ hours: 1, minutes: 2, seconds: 5 });
    expect(durationParts(59_600)).toEqual({ hours: 0, minutes: 1, seconds: 0 });
    expect(durationParts(-5)).toEqual({ hours: 0, minutes: 0, seconds: 0 });
  });
});

describe('two organisers editing one event', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** The page's own calls, against a real server: its relative paths go to the server's address. */
  async function organiserPage() {
    const plenary = await startPlenary();
    const fetchFromPage = globalThis.fetch;
    vi.stubGlobal('fetch', (path: string, init?: RequestInit) => fetchFromPage(`${plenary.url}${path}`, init));
    return organiserApi(plenary.runtime.adminToken);
  }

  it('sends the revision it shows: the second save on the same revision is refused as stale, then lands on the new one', async () => {
    const api = await organiserPage();
    const seenByFirst = await api.agenda('acsh-2023');
    const seenBySecond = await api.agenda('acsh-2023');

    const saved = await api.patchRoom(seenByFirst, 'panel-1', { hall: 'hall-b' });
    expect(saved.revision).toBe(seenByFirst.revision + 1);

    const refusal = await api.patchRoom(seenBySecond, 'panel-1', { title: 'Panel 1 (renamed)' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    const latest = await api.agenda('acsh-2023');
    expect(isStaleEdit(refusal, seenBySecond.revision, latest.revision)).toBe(true);
    expect(latest.rooms.find((room) => room.id === 'panel-1')).toMatchObject({ hall: 'hall-b', title: expect.not.stringContaining('renamed') });

    const again = await api.patchRoom(latest, 'panel-1', { title: 'Panel 1 (renamed)' });
    expect(again.rooms.find((room) => room.id === 'panel-1')).toMatchObject({ hall: 'hall-b', title: 'Panel 1 (renamed)' });
  });

  it('tells a stale edit from a refusal of what it asked', async () => {
    const api = await organiserPage();
    const agenda = await api.agenda('acsh-2023');
    const [first] = agenda.rooms;
    const taken = await api.addRoom(agenda, first!).catch((error: unknown) => error);
    expect(taken).toMatchObject({ status: 409 });
    expect(isStaleEdit(taken, agenda.revision, agenda.revision)).toBe(false);
    expect(isStaleEdit(new ApiError({ code: 'invalid_input', message: 'bad' }, 400), 1, 2)).toBe(false);
    expect(isStaleEdit(taken, agenda.revision, null)).toBe(false);
  });
});

describe('labelled and revoked invites from the organiser page', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('creates a labelled link and revokes it by id; the list shows both facts and joining with it is refused', async () => {
    const plenary = await startPlenary();
    const fetchFromPage = globalThis.fetch;
    vi.stubGlobal('fetch', (path: string, init?: RequestInit) => fetchFromPage(`${plenary.url}${path}`, init));
    const api = organiserApi(plenary.runtime.adminToken);

    const created = await api.createInvite('acsh-2023', 'participant', null, 'Georgia delegation');
    expect(created).toMatchObject({ role: 'participant', roomId: null, label: 'Georgia delegation', revokedAtMs: null });
    const unlabelled = await api.createInvite('acsh-2023', 'panellist', 'panel-1');
    expect(unlabelled.label).toBeNull();

    const revoked = await api.revokeInvite('acsh-2023', created.id);
    expect(revoked).toMatchObject({ id: created.id, label: 'Georgia delegation', revokedAtMs: expect.any(Number) });
    const listed = await api.invites('acsh-2023');
    expect(listed.find((i) => i.id === created.id)?.revokedAtMs).toBe(revoked.revokedAtMs);
    expect(listed.find((i) => i.id === unlabelled.id)?.revokedAtMs).toBeNull();
    const join = { invite: created.url.split('/join/')[1] ?? '', name: 'Giorgi' };
    const refused = await fetchFromPage(`${plenary.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(join) });
    expect(refused.status).toBe(401);
    await expect(api.revokeInvite('acsh-2023', 'no-such-invite')).rejects.toMatchObject({ status: 404 });
  });
});

describe('changedRoomFields', () => {
  const opened: RoomFields = {
    title: 'Panel 1',
    kind: 'panel',
    location: 'Main Hall',
    description: '',
    startsAt: '2023-05-17T11:30:00+06:00',
    endsAt: '2023-05-17T13:15:00+06:00',
    turnMinutes: 10,
    moderators: [{ name: 'Arman Kenzhebekov' }],
    speakers: [{ name: 'Lee Byeong-gu', country: 'Republic of Korea' }],
    parent: null,
    quotas: null,
  };

  it('sends only what the organiser changed, people lists as a whole', () => {
    const edited = { ...opened, turnMinutes: 8, speakers: [...opened.speakers, { name: 'Farrukh Nazarov' }] };
    expect(changedRoomFields(opened, edited)).toEqual({ turnMinutes: 8, speakers: edited.speakers });
  });

  it('sends nothing for an untouched form', () => {
    expect(changedRoomFields(opened, structuredClone(opened))).toEqual({});
  });

  it('sends quotas of its own, and null to go back to the event\'s; a new parent', () => {
    const own = { ...opened, quotas: [{ delegation: 'Georgia', minutes: 10 }], parent: 'roundtables-day2' };
    expect(changedRoomFields(opened, own)).toEqual({ quotas: own.quotas, parent: 'roundtables-day2' });
    expect(changedRoomFields(own, { ...own, quotas: null })).toEqual({ quotas: null });
    expect(changedRoomFields(own, { ...own, quotas: [] })).toEqual({ quotas: [] });
  });
});

describe('quota lines', () => {
  it('round-trips the agenda\'s quotas; a blank delegation is the default line, a line without minutes is left out', () => {
    const quotas = [{ delegation: 'Georgia', minutes: 10 }, { minutes: 5 }];
    expect(agendaQuotas(quotaLines(quotas))).toEqual(quotas);
    expect(quotaLines(undefined)).toEqual([]);
    expect(agendaQuotas([{ delegation: '  Armenia ', minutes: 7.5 }, { delegation: 'Kazakhstan', minutes: '' }, { delegation: ' ', minutes: 0 }])).toEqual([
      { delegation: 'Armenia', minutes: 7.5 },
      { minutes: 0 },
    ]);
  });

  it('summarises in the reader\'s words', () => {
    expect(quotaSummary([{ delegation: 'Georgia', minutes: 10 }, { minutes: 5 }], { minutes: (n) => `${n} min`, others: 'others' })).toBe('Georgia 10 min · others 5 min');
  });
});
