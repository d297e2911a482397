/**
 * One progress line on stderr while a phase runs (redrawn in place on a terminal, a line per
 * phase otherwise), so the table on stdout stays clean when piped.
 */
export class Progress {
  private phase = '';
  private startedAtMs = 0;
  private lastDrawMs = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly runStartedAtMs: number) {}

  begin(phase: string): void {
    this.end();
    this.phase = phase;
    this.startedAtMs = Date.now();
    if (!this.tty) process.stderr.write(`${this.elapsed()} ${phase} …\n`);
    else this.update(0, 0);
  }

  update(done: number, total: number): void {
    if (!this.tty || !this.phase) return;
    const now = Date.now();
    if (now - this.lastDrawMs < 100 && done < total) return;
    this.lastDrawMs = now;
    const width = 30;
    const filled = total > 0 ? Math.round((done / total) * width) : 0;
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const count = total > 0 ? `${done}/${total}` : '';
    const seconds = ((now - this.startedAtMs) / 1000).toFixed(1);
    process.stderr.write(`\r\x1b[2K${this.elapsed()} ${this.phase.padEnd(34)} ${bar} ${count.padStart(13)} ${seconds}s`);
  }

  end(): void {
    if (!this.phase) return;
    const seconds = ((Date.now() - this.startedAtMs) / 1000).toFixed(1);
    if (this.tty) process.stderr.write(`\r\x1b[2K${this.elapsed()} ${this.phase.padEnd(34)} done in ${seconds}s\n`);
    this.phase = '';
  }

  note(line: string): void {
    this.end();
    process.stderr.write(`${this.elapsed()} ${line}\n`);
  }

  private elapsed(): string {
    const s = Math.floor((Date.now() - this.runStartedAtMs) / 1000);
    return `[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}]`;
  }
}
