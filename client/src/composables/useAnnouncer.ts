import { ref } from 'vue';

/** What the page's ARIA live region says: timer warnings, new results, refusals. */
const message = ref('');

export function useAnnouncer() {
  return {
    message,
    announce(text: string) {
      // Clearing first makes screen readers repeat a message that is said twice in a row.
      message.value = '';
      queueMicrotask(() => (message.value = text));
    },
  };
}
