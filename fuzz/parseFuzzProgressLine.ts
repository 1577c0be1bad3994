/** One progress line of the seeded fuzzer (src/harness/progressReporter.ts), cumulative. */
export interface FuzzProgress {
  readonly runs: number;
  readonly ops: number;
  readonly findings: number;
  /** Seconds since the session started. */
  readonly time: number;
}

const PROGRESS = /^#\d+\s+\S+\s+runs: (\d+) ops: (\d+) ops\/s: \d+ findings: (\d+) time: ([\d.]+)s/;

/** The progress in a `#N\tpulse runs: ... time: 1.0s` (or DONE) line; null for any other line. */
export function parseFuzzProgressLine(line: string): FuzzProgress | null {
  const m = PROGRESS.exec(line.trim());
  if (!m) return null;
  return { runs: Number(m[1]), ops: Number(m[2]), findings: Number(m[3]), time: Number(m[4]) };
}
