import { describe, expect, it } from 'vitest';
import { audienceCodeOf, displayPathAfterJoin, hallLandingPath, hallOfJoin, joinErrorText, joinRequest, pathAfterJoin, profileOf, safeNextPath } from '../../client/src/lib/join-form.ts';
import { invitedPerson, rememberInvite } from '../../client/src/lib/invite-memory.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('the audience code as people type it', () => {
  it('accepts it with or without the hash, in any case, with stray spaces', () => {
    expect(audienceCodeOf('ACSH23')).toBe('ACSH23');
    expect(audienceCodeOf('#acsh23')).toBe('ACSH23');
    expect(audienceCodeOf('  #Acsh23 ')).toBe('ACSH23');
  });

  it('is not a code yet while too short or with other characters', () => {
    expect(audienceCodeOf('')).toBeNull();
    expect(audienceCodeOf('#AC')).toBeNull();
    expect(audienceCodeOf('ACSH-23')).toBeNull();
  });
});

describe('the join request', () => {
  it('leaves blank optional fields out, since the server refuses empty ones', () => {
    expect(joinRequest({ code: 'ACSH23' }, { name: ' Aliya Nurlanovna ', organisation: ' ', country: '', attendance: 'hall' })).toEqual({
      code: 'ACSH23',
      name: 'Aliya Nurlanovna',
      attendance: 'hall',
    });
  });

  it('sends the delegation a delegate gives, with an invite', () => {
    expect(
      joinRequest({ invite: 'secret-from-the-link' }, { name: 'Ketevan Abashidze', organisation: 'Civil Service Bureau', country: 'Georgia', attendance: 'remote' }),
    ).toEqual({ invite: 'secret-from-the-link', name: 'Ketevan Abashidze', organisation: 'Civil Service Bureau', country: 'Georgia', attendance: 'remote' });
  });

  it('prefills from the person this device joined as', () => {
    expect(profileOf({ name: 'Davron Yusupov', organisation: null, country: 'Uzbekistan', attendance: 'hall' })).toEqual({
      name: 'Davron Yusupov',
      organisation: '',
      country: 'Uzbekistan',
      attendance: 'hall',
    });
  });
});

describe('where the join page sends people', () => {
  it('follows ?next only within this app', () => {
    expect(safeNextPath('/e/acsh-2023/r/panel-1')).toBe('/e/acsh-2023/r/panel-1');
    expect(safeNextPath('https://evil.example/')).toBeNull();
    expect(safeNextPath('//evil.example/')).toBeNull();
    expect(safeNextPath('/\\evil.example')).toBeNull();
    expect(safeNextPath(['/e/a'])).toBeNull();
  });

  it('goes back to the room that asked, or to the agenda of the event joined', () => {
    expect(pathAfterJoin('/e/acsh-2023/r/panel-1', 'acsh-2023')).toBe('/e/acsh-2023/r/panel-1');
    expect(pathAfterJoin(null, 'acsh-2023')).toBe('/e/acsh-2023');
    // A room of another event would only bounce the person back to the join page.
    expect(pathAfterJoin('/e/other-event/r/x', 'acsh-2023')).toBe('/e/acsh-2023');
    expect(pathAfterJoin('/e/acsh-2023-b', 'acsh-2023')).toBe('/e/acsh-2023');
  });
});

describe('an invite link remembered on the device', () => {
  it('knows which event and person it made', () => {
    const storage = memoryStorage();
    expect(invitedPerson(storage, 'abc')).toBeNull();
    rememberInvite(storage, 'abc', { eventId: 'acsh-2023', personId: 'u_1' });
    expect(invitedPerson(storage, 'abc')).toEqual({ eventId: 'acsh-2023', personId: 'u_1' });
  });

  it('treats a damaged entry as none', () => {
    const storage = memoryStorage();
    storage.setItem('plenary.invite.abc', '{not json');
    expect(invitedPerson(storage, 'abc')).toBeNull();
    storage.setItem('plenary.invite.abc', '{"eventId":1}');
    expect(invitedPerson(storage, 'abc')).toBeNull();
  });
});

describe('what the join form says when the server refuses', () => {
  it('a wrong code or a dead invite is unauthenticated, and says which', () => {
    const refusal = { code: 'unauthenticated', message: 'No event has the audience code #NOPE99.' } as const;
    expect(joinErrorText(refusal, 'code')).toEqual({ key: 'join.codeUnknown' });
    expect(joinErrorText(refusal, 'invite')).toEqual({ key: 'join.inviteInvalid' });
  });

  it('an invite to a hall or session removed from the programme says so; an unknown code stays the server\'s word', () => {
    const gone = { code: 'not_found', message: 'The hall of this invite link is no longer in the programme.' } as const;
    expect(joinErrorText(gone, 'invite')).toEqual({ key: 'join.inviteGone' });
    expect(joinErrorText(gone, 'code')).toBeNull();
  });

  it('too many joins from one network says how long to wait, in whole seconds', () => {
    expect(joinErrorText({ code: 'rate_limited', message: 'Too many joins', retryAfterMs: 12_300 }, 'code')).toEqual({ key: 'join.tooManyJoins', params: { seconds: 13 } });
    expect(joinErrorText({ code: 'rate_limited', message: 'Too many joins' }, 'code')).toEqual({ key: 'join.tooManyJoins', params: { seconds: 1 } });
  });

  it('leaves other refusals to the server\'s message', () => {
    expect(joinErrorText({ code: 'invalid_input', message: 'name: Too small' }, 'code')).toBeNull();
  });
});

describe('where a display lands without a form', () => {
  it('on its room’s stage display, on the page that sent it, or on the agenda when the invite names no room', () => {
    expect(displayPathAfterJoin(null, { eventId: 'acsh-2023', roomId: 'panel-1' })).toBe('/e/acsh-2023/r/panel-1/stage');
    expect(displayPathAfterJoin('/e/acsh-2023/r/panel-1/projector', { eventId: 'acsh-2023', roomId: 'panel-1' })).toBe('/e/acsh-2023/r/panel-1/projector');
    expect(displayPathAfterJoin(null, { eventId: 'acsh-2023', roomId: null })).toBe('/e/acsh-2023');
    expect(displayPathAfterJoin('/e/other/r/x/stage', { eventId: 'acsh-2023', roomId: 'panel-1' })).toBe('/e/acsh-2023');
    expect(displayPathAfterJoin(null, { eventId: 'acsh-2023', roomId: null, hallId: 'main-hall' })).toBe('/e/acsh-2023/h/main-hall/stage');
    expect(displayPathAfterJoin('/e/acsh-2023/h/main-hall/projector', { eventId: 'acsh-2023', roomId: null, hallId: 'main-hall' })).toBe('/e/acsh-2023/h/main-hall/projector');
  });
});

describe('joining through a hall', () => {
  const agenda = { halls: [{ id: 'main-hall', name: 'Main Hall', code: 'ACSHMAIN' }, { id: 'hall-c', name: 'Hall C' }] };

  it('finds the hall from the QR code’s hall, else from the hall’s own code; the event’s code names none', () => {
    expect(hallOfJoin(agenda, 'ACSH23', 'main-hall')).toBe('main-hall');
    expect(hallOfJoin(agenda, '#acshmain', '')).toBe('main-hall');
    expect(hallOfJoin(agenda, 'ACSH23', '')).toBeNull();
    expect(hallOfJoin(agenda, 'ACSH23', 'no-such-hall')).toBeNull();
  });

  it('lands in the hall’s live session, or on the agenda when the hall has none', () => {
    expect(hallLandingPath('acsh-2023', 'panel-1')).toBe('/e/acsh-2023/r/panel-1');
    expect(hallLandingPath('acsh-2023', null)).toBe('/e/acsh-2023');
  });
});
