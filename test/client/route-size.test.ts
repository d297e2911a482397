import { describe, expect, test } from 'vitest';
import { budgetFailures, routeSize, staticClosure, type Manifest, type RouteBudget } from '../../client/build/route-size.ts';

/** A small build: the entry, two routes sharing a chunk, a lazily loaded console and video SDK. */
const manifest: Manifest = {
  'index.html': { file: 'assets/index.js', src: 'index.html', isEntry: true, css: ['assets/index.css'], dynamicImports: ['src/views/JoinView.vue', 'src/views/RoomView.vue'] },
  '_shared.js': { file: 'assets/shared.js', imports: ['index.html'] },
  '_socket.js': { file: 'assets/socket.js', imports: ['_shared.js'] },
  'src/views/JoinView.vue': { file: 'assets/JoinView.js', src: 'src/views/JoinView.vue', isDynamicEntry: true, imports: ['index.html', '_shared.js'], css: ['assets/JoinView.css'] },
  'src/views/RoomView.vue': {
    file: 'assets/RoomView.js',
    src: 'src/views/RoomView.vue',
    imports: ['index.html', '_shared.js', '_socket.js'],
    dynamicImports: ['src/components/Console.vue', 'node_modules/livekit-client/dist/livekit-client.esm.mjs'],
  },
  'src/components/Console.vue': { file: 'assets/Console.js', src: 'src/components/Console.vue', imports: ['index.html', '_socket.js'], css: ['assets/Console.css'] },
  'node_modules/livekit-client/dist/livekit-client.esm.mjs': { file: 'assets/livekit-client.js' },
};

const sizes: Record<string, number> = {
  'assets/index.js': 40_000,
  'assets/index.css': 1_000,
  'assets/shared.js': 5_000,
  'assets/socket.js': 10_000,
  'assets/JoinView.js': 3_000,
  'assets/JoinView.css': 500,
  'assets/RoomView.js': 4_000,
  'assets/Console.js': 20_000,
  'assets/Console.css': 2_000,
  'assets/livekit-client.js': 150_000,
};
const gzipBytesOf = (file: string) => {
  const bytes = sizes[file];
  if (bytes === undefined) throw new Error(`no size for ${file}`);
  return bytes;
};

const budget = (route: string, modules: string[], maxGzipBytes: number, forbidden: RegExp[] = []): RouteBudget => ({ route, modules, maxGzipBytes, forbidden });

describe('route size budgets', () => {
  test("a route's initial code is the entry, its modules and their static imports, each once; dynamic imports are not", () => {
    expect(staticClosure(manifest, ['src/views/RoomView.vue'])).toEqual(['index.html', 'src/views/RoomView.vue', '_shared.js', '_socket.js']);
    const room = routeSize(manifest, budget('room', ['src/views/RoomView.vue'], 100_000), gzipBytesOf);
    expect(room.files).toEqual(['assets/index.js', 'assets/RoomView.js', 'assets/shared.js', 'assets/socket.js', 'assets/index.css']);
    expect(room.gzipBytes).toBe(40_000 + 4_000 + 5_000 + 10_000 + 1_000);
  });

  test('two modules of one route share their chunks: a chunk counts once', () => {
    const console = routeSize(manifest, budget('console', ['src/views/RoomView.vue', 'src/components/Console.vue'], 100_000), gzipBytesOf);
    expect(console.gzipBytes).toBe(40_000 + 1_000 + 4_000 + 5_000 + 10_000 + 20_000 + 2_000);
  });

  test('a route over its budget fails with one line; one at its budget passes', () => {
    const join = budget('join', ['src/views/JoinView.vue'], 49_500);
    expect(routeSize(manifest, join, gzipBytesOf).gzipBytes).toBe(49_500);
    expect(budgetFailures([routeSize(manifest, join, gzipBytesOf)])).toEqual([]);
    const tight = routeSize(manifest, { ...join, maxGzipBytes: 49_499 }, gzipBytesOf);
    expect(budgetFailures([tight])).toEqual(['join: 49.5 kB gzip, over its budget of 49.5 kB']);
  });

  test('forbidden code loaded up front fails; the same code loaded later does not', () => {
    const video = /livekit-client/;
    const room = routeSize(manifest, budget('room', ['src/views/RoomView.vue'], 100_000, [video, /Console/]), gzipBytesOf);
    expect(room.forbiddenFound).toEqual([]);
    const console = routeSize(manifest, budget('console', ['src/components/Console.vue'], 100_000, [/Console/]), gzipBytesOf);
    expect(budgetFailures([console])).toEqual(['console: loads src/components/Console.vue, assets/Console.js, assets/Console.css up front, which it must not']);
  });

  test('a module missing from the manifest is an error, not a route of zero bytes', () => {
    expect(() => routeSize(manifest, budget('gone', ['src/views/Gone.vue'], 1), gzipBytesOf)).toThrow(/no chunk "src\/views\/Gone.vue"/);
  });
});
