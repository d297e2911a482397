import { ref, watch, type Ref } from 'vue';
import type { PublicAgenda } from '../../../shared/protocol/http.ts';

/**
 * The address people use for an event's links (the server's PUBLIC_URL), not the host this page
 * happens to be open on; `pageOrigin` until the server has said.
 */
export function usePublicUrl(eventId: () => string, pageOrigin: string, fetchEvent: (eventId: string) => Promise<PublicAgenda>): Ref<string> {
  const publicUrl = ref(pageOrigin);
  watch(
    eventId,
    (id) => fetchEvent(id).then((found) => (publicUrl.value = found.publicUrl), () => undefined),
    { immediate: true },
  );
  return publicUrl;
}
