/**
 * libFuzzer-style progress on stderr: an INITED line, a pulse line at every power of two of runs
 * and at least every 5 s, a line per finding, and a DONE line.
 *   #1024	pulse  runs: 1024 ops: 98304 ops/s: 101234 findings: 0 time: 1.0s
 */
export class ProgressReporter {
  private nextPow = 16;
  private lastLine = 0;
  private readonly start = Date.now();

  constructor(private readonly write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)) {}

  inited(what: string): void {
    this.write(`#0\tINITED ${what}`);
    this.lastLine = Date.now();
  }

  update(runs: number, ops: number, findings: number): void {
    const now = Date.now();
    if (runs >= this.nextPow || now - this.lastLine >= 5000) {
      while (this.nextPow <= runs) this.nextPow *= 2;
      this.line('pulse', runs, ops, findings);
    }
  }

  finding(text: string): void {
    this.write(`==gcfuzz== ${text}`);
  }

  done(runs: number, ops: number, findings: number): void {
    this.line('DONE ', runs, ops, findings);
  }

  private line(kind: string, runs: number, ops: number, findings: number): void {
    const ms = Date.now() - this.start;
    const rate = ms > 0 ? Math.round((ops * 1000) / ms) : 0;
    this.write(`#${runs}\t${kind} runs: ${runs} ops: ${ops} ops/s: ${rate} findings: ${findings} time: ${(ms / 1000).toFixed(1)}s`);
    this.lastLine = Date.now();
  }
}
