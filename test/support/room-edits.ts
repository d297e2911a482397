/** Six edits of one room, each of its own field: what six organisers send at once in round `round`. */
export function sixFieldEdits(round: number, title: string): Array<Record<string, unknown>> {
  return [
    { title: `${title}, version ${round}` },
    { hall: round % 2 === 0 ? 'hall-b' : 'hall-c' },
    { description: `Revised ${round} times` },
    { turnMinutes: 5 + round },
    { speakers: [{ name: `Speaker ${round}` }] },
    { moderators: [{ name: `Chair ${round}` }] },
  ];
}
