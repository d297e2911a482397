import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';

/** Below this the text would be unreadable from the back of a hall anyway; long polls reach it rarely. */
const MIN_SCALE = 0.3;

/**
 * Keeps `content` inside `box` by setting the CSS variable `--fit` (a scale of 1 or less) on it:
 * the projector's sizes are multiplied by it, so a poll with many long options shrinks until all
 * of it shows, and grows back when it can. The largest scale that fits is found by halving.
 */
export function useFitScale(box: Ref<HTMLElement | null>, content: Ref<HTMLElement | null>): void {
  let fitting = false;
  const fits = (outer: HTMLElement, inner: HTMLElement, scale: number): boolean => {
    inner.style.setProperty('--fit', String(scale));
    const height = Math.max(inner.offsetHeight, inner.scrollHeight);
    return height <= outer.clientHeight + 0.5 && inner.scrollWidth <= outer.clientWidth + 0.5;
  };
  const fit = (): void => {
    const outer = box.value;
    const inner = content.value;
    if (!outer || !inner || fitting) return;
    fitting = true;
    try {
      if (fits(outer, inner, 1)) return;
      let low = MIN_SCALE;
      let high = 1;
      for (let i = 0; i < 10; i += 1) {
        const middle = (low + high) / 2;
        if (fits(outer, inner, middle)) low = middle;
        else high = middle;
      }
      fits(outer, inner, low);
    } finally {
      fitting = false;
    }
  };

  let observer: ResizeObserver | null = null;
  onMounted(() => {
    // Resizes of the content itself (a new bar, a longer label, the cloud laid out) refit too.
    observer = new ResizeObserver(() => fit());
    watch([box, content], ([outer, inner], before) => {
      for (const element of before ?? []) if (element) observer?.unobserve(element);
      if (outer) observer?.observe(outer);
      if (inner) observer?.observe(inner);
      fit();
    }, { immediate: true });
  });
  onBeforeUnmount(() => observer?.disconnect());
}
