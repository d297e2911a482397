import type { Express } from 'express';

/** One route as express holds it: its path pattern, its methods (lower case, or 'all') and its own matcher. */
export type ServedRoute = { path: string | RegExp; methods: string[]; matches(url: string): boolean };

type Layer = {
  rawPath?: unknown;
  slash?: boolean;
  route?: { path: string | RegExp; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  match(path: string): unknown;
};

/**
 * Every route an express 5 app serves, in the order it tries them, read from its router stack:
 * routers mounted with `app.use(router)` are walked into. A router mounted under a path would
 * need that prefix added to its routes: refused here rather than listed wrong.
 */
export function servedRoutes(app: Express): ServedRoute[] {
  const walk = (stack: readonly Layer[]): ServedRoute[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        const methods = Object.keys(layer.route.methods).map((method) => (method === '_all' ? 'all' : method));
        return [{ path: layer.route.path, methods, matches: (url: string) => Boolean(layer.match(url)) }];
      }
      if (!layer.handle.stack) return [];
      if (!layer.slash) throw new Error(`a router is mounted under ${String(layer.rawPath)}: list its routes with that prefix`);
      return walk(layer.handle.stack);
    });
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
}
