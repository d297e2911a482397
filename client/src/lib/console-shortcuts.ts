/** The moderator console's single-key shortcuts for the moments that cannot wait. */
export const CONSOLE_SHORTCUTS = {
  n: 'callNext',
  e: 'endTurn',
  m: 'extraMinute',
  p: 'toggleTurnTimer',
} as const;

export type ConsoleShortcut = (typeof CONSOLE_SHORTCUTS)[keyof typeof CONSOLE_SHORTCUTS];

export type KeyPress = {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  /** The key was pressed while typing (input, textarea, select, contenteditable): it is text, not a command. */
  typing: boolean;
  repeat: boolean;
};

/** The action a key press asks for, or null. Held keys repeat: a repeat must not call three speakers. */
export function shortcutFor(press: KeyPress): ConsoleShortcut | null {
  if (press.typing || press.repeat || press.altKey || press.ctrlKey || press.metaKey) return null;
  const key = press.key.toLowerCase();
  return Object.hasOwn(CONSOLE_SHORTCUTS, key) ? CONSOLE_SHORTCUTS[key as keyof typeof CONSOLE_SHORTCUTS] : null;
}
