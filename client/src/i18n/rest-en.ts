import { byFile } from './by-file.ts';

/** Every page's strings but the join page's (first-en.ts). */
export default byFile(import.meta.glob<{ default: Record<string, unknown> }>(['./en/*.ts', '!./en/common.ts', '!./en/join.ts'], { eager: true }));
