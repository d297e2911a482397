import type { Ballot, Poll, PollResults } from '../../shared/model/poll.ts';

/** The tally the server must show, computed independently from the acknowledged ballots. */
export function expectedResults(poll: Poll, ledger: ReadonlyMap<string, Ballot>): Omit<PollResults, 'answers'> {
  const ballots = [...ledger.values()];
  const base = { pollId: poll.id, kind: poll.spec.kind, voters: ballots.length, mean: null };
  const countWhere = (test: (ballot: Ballot) => boolean) => ballots.filter(test).length;
  const spec = poll.spec;
  switch (spec.kind) {
    case 'single':
      return { ...base, rows: spec.options.map((o) => ({ key: o.id, label: o.label, value: countWhere((b) => b.kind === 'single' && b.optionId === o.id) })) };
    case 'multiple':
      return { ...base, rows: spec.options.map((o) => ({ key: o.id, label: o.label, value: countWhere((b) => b.kind === 'multiple' && b.optionIds.includes(o.id)) })) };
    case 'rating': {
      const values = ballots.flatMap((b) => (b.kind === 'rating' ? [b.value] : []));
      const scale = Array.from({ length: spec.max - spec.min + 1 }, (_, i) => spec.min + i);
      const rows = scale.map((value) => ({ key: `v${value}`, label: String(value), value: values.filter((v) => v === value).length }));
      return { ...base, rows, mean: values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null };
    }
    case 'word_cloud': {
      const counts = new Map<string, number>();
      for (const b of ballots) if (b.kind === 'word_cloud') for (const word of b.words) counts.set(word, (counts.get(word) ?? 0) + 1);
      const rows = [...counts].map(([word, value]) => ({ key: `w:${word}`, label: word, value }));
      return { ...base, rows: rows.sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : 1)).slice(0, 60) };
    }
    case 'ranking': {
      // Borda count: first place earns n-1 points, last 0; a tie goes to the option ranked first more often.
      const points = (id: string) => ballots.reduce((sum, b) => sum + (b.kind === 'ranking' ? spec.options.length - 1 - b.optionIds.indexOf(id) : 0), 0);
      const firsts = (id: string) => countWhere((b) => b.kind === 'ranking' && b.optionIds[0] === id);
      const rows = spec.options.map((o, index) => ({ row: { key: o.id, label: o.label, value: points(o.id) }, firsts: firsts(o.id), index }));
      rows.sort((a, b) => b.row.value - a.row.value || b.firsts - a.firsts || a.index - b.index);
      return { ...base, rows: rows.map(({ row }) => row) };
    }
    case 'open_text':
      return { ...base, rows: [] };
  }
}

