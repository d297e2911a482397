import { describe, expect, it } from 'vitest';
import type { Poll } from '../../shared/model/poll.ts';
import { readDismissedPolls, saveDismissedPolls, splitDismissed } from '../../client/src/lib/dismissed-polls.ts';

const poll = (id: string, status: Poll['status']): Poll => ({
  id,
  question: `Question ${id}`,
  spec: { kind: 'single', options: [{ id: 'o1', label: 'Exams' }, { id: 'o2', label: 'Interviews' }] },
  settings: { resultsVisibility: 'on_reveal', anonymous: false, allowChange: true, eligibleRoles: ['participant', 'audience'] },
  status,
  revealed: false,
  createdAtMs: 1,
  openedAtMs: null,
  closedAtMs: null,
  closesAtMs: null,
  revealOnClose: false,
});

/** sessionStorage's two methods the console uses, over a Map. */
function memoryStorage() {
  const values = new Map<string, string>();
  return { values, getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value) };
}

describe('closed polls the chair puts away', () => {
  it('keeps a closed poll on its card until it is dismissed', () => {
    const polls = [poll('open', 'open'), poll('closed', 'closed'), poll('draft', 'draft')];
    expect(splitDismissed(polls, new Set()).cards.map((p) => p.id)).toEqual(['open', 'closed', 'draft']);
    expect(splitDismissed(polls, new Set(['closed']))).toEqual({ cards: [polls[0], polls[2]], putAway: [polls[1]] });
  });

  it('never puts away a poll that is not closed, whatever was stored', () => {
    const polls = [poll('a', 'open'), poll('b', 'draft')];
    expect(splitDismissed(polls, new Set(['a', 'b'])).putAway).toEqual([]);
  });

  it('remembers dismissals per room, so a reload keeps them and another room is untouched', () => {
    const storage = memoryStorage();
    saveDismissedPolls(storage, 'acsh-2023', 'panel-1', new Set(['p1', 'p2']));
    expect(readDismissedPolls(storage, 'acsh-2023', 'panel-1')).toEqual(new Set(['p1', 'p2']));
    expect(readDismissedPolls(storage, 'acsh-2023', 'panel-2')).toEqual(new Set());
  });

  it('shows every card rather than failing on a value it cannot read', () => {
    const storage = memoryStorage();
    for (const junk of ['{not json', '{"p1":true}', '[1, "p2", null]']) {
      storage.values.set('plenary.dismissedPolls.acsh-2023.panel-1', junk);
      expect([...readDismissedPolls(storage, 'acsh-2023', 'panel-1')]).toEqual(junk.startsWith('[') ? ['p2'] : []);
    }
  });
});
