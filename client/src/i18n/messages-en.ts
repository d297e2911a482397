import { byFile } from './by-file.ts';

export default byFile(import.meta.glob<{ default: Record<string, unknown> }>('./en/*.ts', { eager: true }));
