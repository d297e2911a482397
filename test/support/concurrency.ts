/** Runs `count` tasks, at most `limit` at a time: each worker takes the next task as soon as its last one ends. */
export async function atMostAtOnce(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
