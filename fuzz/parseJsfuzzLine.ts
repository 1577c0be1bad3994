/** One libFuzzer-style status line of jsfuzz: `#N NEW cov: X corp: Y exec/s: Z rss: R MB`. */
export interface JsfuzzStatus {
  readonly execs: number;
  readonly kind: string;
  readonly coverage: number;
  readonly corpus: number;
  readonly execsPerSecond: number;
}

const STATUS = /^#(\d+)\s+(\w+)\s+cov:\s*(\d+)\s+corp:\s*(\d+)\s+exec\/s:\s*(\d+)/;

/** The status in `line`, or null for any other output (READ lines, crash text, the target's own logging). */
export function parseJsfuzzLine(line: string): JsfuzzStatus | null {
  const m = STATUS.exec(line.trim());
  if (!m) return null;
  return { execs: Number(m[1]), kind: m[2] ?? '', coverage: Number(m[3]), corpus: Number(m[4]), execsPerSecond: Number(m[5]) };
}
