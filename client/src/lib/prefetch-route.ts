import type { Router } from 'vue-router';

/**
 * Starts downloading the code of the page at `path` (its lazily loaded route components) without
 * going there. The join page does it for the page a join leads to while the person fills the
 * form: on a slow hall network the code is there when they press Join. Returns the route's name.
 */
export function prefetchRoute(router: Pick<Router, 'resolve'>, path: string): string | null {
  const route = router.resolve(path);
  for (const record of route.matched) {
    const component = record.components?.default;
    // A lazy route component is a loader; calling it again on navigation reuses the module.
    if (typeof component === 'function') void Promise.resolve((component as () => unknown)()).catch(() => undefined);
  }
  return typeof route.name === 'string' ? route.name : null;
}
