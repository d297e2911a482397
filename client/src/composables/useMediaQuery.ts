import { onScopeDispose, ref } from 'vue';

/** Whether a CSS media query matches now, kept current as the window changes. */
export function useMediaQuery(query: string) {
  const list = window.matchMedia(query);
  const matches = ref(list.matches);
  const onChange = (event: MediaQueryListEvent) => (matches.value = event.matches);
  list.addEventListener('change', onChange);
  onScopeDispose(() => list.removeEventListener('change', onChange));
  return matches;
}
