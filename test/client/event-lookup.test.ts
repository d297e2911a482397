import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import type { Agenda } from '../../shared/model/event.ts';
import { useEventLookup } from '../../client/src/composables/useEventLookup.ts';

const acsh = { id: 'acsh-2023', title: '2023 ACSH Annual Conference', audienceCode: 'ACSH23' } as Agenda;

function notFound(): Promise<Agenda> {
  return Promise.reject(Object.assign(new Error('No event has that audience code.'), { status: 404 }));
}

async function settle() {
  await nextTick();
  await vi.advanceTimersByTimeAsync(400);
  await nextTick();
}

afterEach(() => vi.useRealTimers());

describe('finding the event behind the code being typed', () => {
  it('looks it up once typing pauses, whatever the case and the hash', async () => {
    vi.useFakeTimers();
    const byCode = vi.fn(async (code: string) => (code === 'ACSH23' ? acsh : notFound()));
    const code = ref('');
    const scope = effectScope();
    const lookup = scope.run(() => useEventLookup(code, null, { byCode, byId: notFound }))!;
    code.value = '#ac';
    await settle();
    expect(lookup.status.value).toBe('idle');
    code.value = '#acsh23';
    await settle();
    expect(byCode).toHaveBeenCalledTimes(1);
    expect(byCode).toHaveBeenCalledWith('ACSH23');
    expect(lookup.status.value).toBe('found');
    expect(lookup.agenda.value?.title).toBe('2023 ACSH Annual Conference');
    scope.stop();
  });

  it('says when no event has the code', async () => {
    vi.useFakeTimers();
    const code = ref('ZZZZ99');
    const scope = effectScope();
    const lookup = scope.run(() => useEventLookup(code, null, { byCode: notFound, byId: notFound }))!;
    await settle();
    expect(lookup.status.value).toBe('not_found');
    expect(lookup.agenda.value).toBeNull();
    scope.stop();
  });

  it('never lets a slow answer for an old code overwrite the current one', async () => {
    vi.useFakeTimers();
    let answerOld: (agenda: Agenda) => void = () => undefined;
    const byCode = vi.fn((code: string) => (code === 'OLD1' ? new Promise<Agenda>((resolve) => (answerOld = resolve)) : Promise.resolve(acsh)));
    const code = ref('OLD1');
    const scope = effectScope();
    const lookup = scope.run(() => useEventLookup(code, null, { byCode, byId: notFound }))!;
    await settle();
    code.value = 'ACSH23';
    await settle();
    answerOld({ ...acsh, id: 'old', title: 'Old event' });
    await settle();
    expect(lookup.agenda.value?.id).toBe('acsh-2023');
    scope.stop();
  });

  it('starts from the event a room link named', async () => {
    vi.useFakeTimers();
    const byId = vi.fn(async () => acsh);
    const scope = effectScope();
    const lookup = scope.run(() => useEventLookup(ref(''), 'acsh-2023', { byCode: notFound, byId }))!;
    await settle();
    expect(byId).toHaveBeenCalledWith('acsh-2023');
    expect(lookup.status.value).toBe('found');
    scope.stop();
  });
});
