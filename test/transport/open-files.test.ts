import { describe, expect, it } from 'vitest';
import type { Logger } from '../../server/logger.ts';
import { ConnectionLimit } from '../../server/transport/connection-limit.ts';
import { descriptorsNeeded, logOpenFileLimit, parseOpenFileLimit, readOpenFileLimit } from '../../server/transport/open-files.ts';

/** /proc/self/limits as Linux writes it (columns padded with spaces). */
const procLimits = (soft: string, hard: string) =>
  [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max cpu time              unlimited            unlimited            seconds   ',
    'Max processes             96367                96367                processes ',
    `Max open files            ${soft.padEnd(21)}${hard.padEnd(21)}files     `,
    'Max locked memory         8388608              8388608              bytes     ',
    '',
  ].join('\n');

type Line = { level: 'info' | 'warn'; fields: Record<string, unknown>; message: string };

function recordingLogger(): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: Line['level']) => (fields: Record<string, unknown>, message: string) => lines.push({ level, fields, message });
  return { logger: { info: at('info'), warn: at('warn') } as unknown as Logger, lines };
}

describe('the open-file limit', () => {
  it('is read from the "Max open files" line, soft and hard, "unlimited" as null', () => {
    expect(parseOpenFileLimit(procLimits('1024', '524288'))).toEqual({ soft: 1024, hard: 524_288 });
    expect(parseOpenFileLimit(procLimits('unlimited', 'unlimited'))).toEqual({ soft: null, hard: null });
    expect(parseOpenFileLimit('Limit  Soft Limit  Hard Limit  Units\n')).toBeNull();
    expect(parseOpenFileLimit(procLimits('many', '10'))).toBeNull();
    expect(readOpenFileLimit(() => {
      throw new Error('ENOENT: /proc is not mounted');
    })).toBeNull();
  });

  it('is logged at start, with a warning and what to raise when PLENARY_MAX_CONNECTIONS needs more', () => {
    expect(descriptorsNeeded(10_000)).toBe(11_024);
    const low = recordingLogger();
    logOpenFileLimit(low.logger, 10_000, parseOpenFileLimit(procLimits('4096', '4096')));
    expect(low.lines).toHaveLength(1);
    expect(low.lines[0]).toMatchObject({ level: 'warn', fields: { openFiles: { soft: 4096, hard: 4096 }, maxConnections: 10_000, descriptorsNeeded: 11_024 } });
    expect(low.lines[0]!.message).toContain('ulimit -n 11024');
    expect(low.lines[0]!.message).toContain('lower PLENARY_MAX_CONNECTIONS to 3072');

    const enough = recordingLogger();
    logOpenFileLimit(enough.logger, 10_000, parseOpenFileLimit(procLimits('20000', '20000')));
    expect(enough.lines).toEqual([{ level: 'info', fields: expect.objectContaining({ openFiles: { soft: 20_000, hard: 20_000 } }), message: expect.stringContaining('covers PLENARY_MAX_CONNECTIONS=10000') }]);

    const unknown = recordingLogger();
    logOpenFileLimit(unknown.logger, 500, null);
    expect(unknown.lines).toEqual([{ level: 'info', fields: expect.anything(), message: expect.stringContaining('open-file limit unknown') }]);
  });
});

describe('ConnectionLimit', () => {
  it('lets in up to the limit, refuses past it with unavailable, and logs one line a minute however many are refused', () => {
    let now = 0;
    const { logger, lines } = recordingLogger();
    const limit = new ConnectionLimit(3, logger, () => now, () => 0.5);
    expect(limit.admit(3)).toBeNull();
    expect(limit.admit(4)).toEqual({ code: 'unavailable', message: 'The server is full; try again in a moment.', retryAfterMs: 10_000 });
    for (let i = 0; i < 50; i++) limit.admit(4);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', fields: { open: 3, maxConnections: 3, refused: 1 } });
    now = 60_000;
    limit.admit(4);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ fields: { refused: 51 } });
  });
});
