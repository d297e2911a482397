import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import type { Agenda } from '../../../shared/model/event.ts';
import { audienceCodeOf } from '../lib/join-form.ts';

export type EventLookupStatus = 'idle' | 'looking' | 'found' | 'not_found' | 'failed';

export type EventLookupSources = {
  byCode: (code: string) => Promise<Agenda>;
  byId: (eventId: string) => Promise<Agenda>;
};

/**
 * The event behind what the person is typing on the join page, so they see its title before
 * they join ("yes, this is my conference"). Looked up once typing pauses; a late answer for an
 * older code never overwrites the answer for the current one.
 */
export function useEventLookup(code: Ref<string>, eventId: string | null, sources: EventLookupSources, debounceMs = 350) {
  const agenda = shallowRef<Agenda | null>(null);
  const status = ref<EventLookupStatus>('idle');
  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function lookUp(find: () => Promise<Agenda>) {
    const ticket = ++latest;
    status.value = 'looking';
    try {
      const found = await find();
      if (ticket !== latest) return;
      agenda.value = found;
      status.value = 'found';
    } catch (error) {
      if (ticket !== latest) return;
      agenda.value = null;
      status.value = (error as { status?: number }).status === 404 ? 'not_found' : 'failed';
    }
  }

  if (eventId) void lookUp(() => sources.byId(eventId));

  watch(code, (typed) => {
    clearTimeout(timer);
    const normalised = audienceCodeOf(typed);
    if (!normalised) {
      latest++;
      agenda.value = null;
      status.value = 'idle';
      return;
    }
    if (agenda.value?.audienceCode === normalised) return;
    timer = setTimeout(() => void lookUp(() => sources.byCode(normalised)), debounceMs);
  }, { immediate: !eventId });

  onScopeDispose(() => clearTimeout(timer));
  return { agenda, status };
}
