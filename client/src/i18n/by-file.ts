export type Messages = Record<string, Record<string, unknown>>;

/** One language's files (./en/room.ts …) as its messages, keyed by file name: t('room.…'). */
export function byFile(modules: Record<string, { default: Record<string, unknown> }>): Messages {
  return Object.fromEntries(Object.entries(modules).map(([path, module]) => [path.replace(/^.*\/(\w[\w-]*)\.ts$/, '$1'), module.default]));
}
