import { describe, expect, it } from 'vitest';
import { checkOpenFiles, descriptorsForRun, openFileProblem } from '../../bench/open-files.ts';

describe('the benchmark checks the open-file limit before it starts', () => {
  it('counts a server holding every client and a worker holding its slice twice, each with headroom', () => {
    expect(descriptorsForRun({ clients: 18_000, workers: 2 })).toEqual({ server: 19_024, worker: 19_024, needed: 19_024 });
    expect(descriptorsForRun({ clients: 10_000, workers: 4 })).toEqual({ server: 11_024, worker: 6_024, needed: 11_024 });
    // The soak: clients connected to Plenary only.
    expect(descriptorsForRun({ clients: 18_000, workers: 1, servers: 1 })).toEqual({ server: 19_024, worker: 19_024, needed: 19_024 });
  });

  it('says what to raise when the hard limit is too low, and nothing when it is enough or unlimited', () => {
    const problem = openFileProblem({ soft: 20_000, hard: 20_000 }, { clients: 20_000, workers: 2 });
    expect(problem).toContain('ulimit -n 21024');
    expect(problem).toContain('hard 20000');
    expect(openFileProblem({ soft: 1_024, hard: 20_000 }, { clients: 18_000, workers: 2 })).toBeNull();
    expect(openFileProblem({ soft: null, hard: null }, { clients: 100_000, workers: 2 })).toBeNull();
    expect(() => checkOpenFiles({ clients: 20_000, workers: 2 }, { soft: 4_096, hard: 4_096 })).toThrow(/ulimit -n 21024/);
    expect(checkOpenFiles({ clients: 2_000, workers: 2 }, null)).toContain('unknown');
  });
});
