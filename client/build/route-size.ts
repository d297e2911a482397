/**
 * What a route makes the browser download before it can show anything, read from Vite's build
 * manifest (`build.manifest: true`): the app's entry, the route's own modules, and every chunk
 * they import statically, with their style sheets. Dynamic imports are left out: they load later,
 * when the page asks for them. Pure: the caller supplies the manifest and each file's size.
 */

/** The fields of a Vite manifest chunk this needs (vite's ManifestChunk has more). */
export type ManifestChunk = {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
};
export type Manifest = Record<string, ManifestChunk>;

export type RouteBudget = {
  /** A name people use: "join", "audience room". */
  route: string;
  /** Manifest keys of the modules the route shows, relative to the client root ("src/views/JoinView.vue"). */
  modules: string[];
  /** Its initial scripts and style sheets together, gzip-compressed, at most this many bytes. */
  maxGzipBytes: number;
  /** Code the route must not load up front, matched against manifest keys and file names. */
  forbidden?: RegExp[];
};

export type RouteSize = {
  route: string;
  /** The files downloaded up front: scripts first, then style sheets, each once. */
  files: string[];
  gzipBytes: number;
  maxGzipBytes: number;
  /** Manifest keys or files of the route's initial code that match its `forbidden` patterns. */
  forbiddenFound: string[];
};

/** The manifest keys the app's entry and `modules` load statically, each once, in load order. */
export function staticClosure(manifest: Manifest, modules: readonly string[]): string[] {
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)?.[0];
  if (!entry) throw new Error('the manifest has no entry chunk');
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest has no chunk "${key}" (renamed or moved? update client/build/budgets.ts)`);
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry);
  for (const module of modules) visit(module);
  return [...seen];
}

export function routeSize(manifest: Manifest, budget: RouteBudget, gzipBytesOf: (file: string) => number): RouteSize {
  const keys = staticClosure(manifest, budget.modules);
  const scripts = keys.map((key) => manifest[key]?.file ?? key);
  const sheets = keys.flatMap((key) => manifest[key]?.css ?? []);
  const files = [...new Set([...scripts, ...sheets])];
  const forbiddenFound = [...keys, ...files].filter((name, i, all) => all.indexOf(name) === i && (budget.forbidden ?? []).some((pattern) => pattern.test(name)));
  return {
    route: budget.route,
    files,
    gzipBytes: files.reduce((sum, file) => sum + gzipBytesOf(file), 0),
    maxGzipBytes: budget.maxGzipBytes,
    forbiddenFound,
  };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** One line per route that breaks its budget: too heavy, or loading code it must not. Empty when all hold. */
export function budgetFailures(sizes: readonly RouteSize[]): string[] {
  return sizes.flatMap((size) => {
    const lines: string[] = [];
    if (size.gzipBytes > size.maxGzipBytes) lines.push(`${size.route}: ${kB(size.gzipBytes)} gzip, over its budget of ${kB(size.maxGzipBytes)}`);
    if (size.forbiddenFound.length) lines.push(`${size.route}: loads ${size.forbiddenFound.join(', ')} up front, which it must not`);
    return lines;
  });
}

/** The build's report, one line per route: its size, budget and headroom. */
export function budgetReport(sizes: readonly RouteSize[]): string[] {
  const width = Math.max(...sizes.map((size) => size.route.length));
  return sizes.map(
    (size) =>
      `${size.route.padEnd(width)}  ${kB(size.gzipBytes).padStart(9)} gzip of ${kB(size.maxGzipBytes).padStart(9)}  (${size.files.length} files, ${Math.round((100 * size.gzipBytes) / size.maxGzipBytes)} %)`,
  );
}
