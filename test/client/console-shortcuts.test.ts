import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyPress } from '../../client/src/lib/console-shortcuts.ts';

const press = (key: string, changes: Partial<KeyPress> = {}): KeyPress => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  typing: false,
  repeat: false,
  ...changes,
});

describe('the console’s keyboard shortcuts', () => {
  it('maps single keys to the floor’s urgent actions, in either case', () => {
    expect(shortcutFor(press('n'))).toBe('callNext');
    expect(shortcutFor(press('N'))).toBe('callNext');
    expect(shortcutFor(press('e'))).toBe('endTurn');
    expect(shortcutFor(press('m'))).toBe('extraMinute');
    expect(shortcutFor(press('p'))).toBe('toggleTurnTimer');
    expect(shortcutFor(press('x'))).toBeNull();
  });

  it('ignores keys typed into a field, held down, or pressed with a modifier', () => {
    expect(shortcutFor(press('n', { typing: true }))).toBeNull();
    expect(shortcutFor(press('n', { repeat: true }))).toBeNull();
    expect(shortcutFor(press('n', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press('e', { metaKey: true }))).toBeNull();
    expect(shortcutFor(press('m', { altKey: true }))).toBeNull();
  });
});
