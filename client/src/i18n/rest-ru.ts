import { byFile } from './by-file.ts';

/** Every page's strings but the join page's (first-ru.ts). */
export default byFile(import.meta.glob<{ default: Record<string, unknown> }>(['./ru/*.ts', '!./ru/common.ts', '!./ru/join.ts'], { eager: true }));
