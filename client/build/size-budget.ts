import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { ROUTE_BUDGETS } from './budgets.ts';
import { budgetFailures, budgetReport, routeSize, type Manifest, type RouteBudget } from './route-size.ts';

/**
 * Checks every route's initial download against its budget once the build is written, and fails
 * the build (one line per route over budget) when one is exceeded or loads code it must not.
 */
export function sizeBudget(budgets: readonly RouteBudget[] = ROUTE_BUDGETS): Plugin {
  let outDir = '';
  return {
    name: 'plenary-size-budget',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
      const gzipBytesOf = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: constants.Z_BEST_COMPRESSION }).length;
      const sizes = budgets.map((budget) => routeSize(manifest, budget, gzipBytesOf));
      this.info(`initial scripts and styles per route:\n${budgetReport(sizes).join('\n')}`);
      const failures = budgetFailures(sizes);
      if (failures.length) this.error(`route size budget exceeded (client/build/budgets.ts):\n${failures.join('\n')}`);
    },
  };
}
