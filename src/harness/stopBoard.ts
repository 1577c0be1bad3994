/**
 * Shared coordination between the slices of one session and the session's watchdog (in-process
 * or across worker threads), in one SharedArrayBuffer:
 * - `[0]` the lowest failing local run index so far (INT32_MAX: none);
 * - `[1]` 1 once interrupted;
 * - per worker k, four words from `2 + 4k`: its phase (IDLE, RUNNING a case, MINIMISING a
 *   finding), the local run index of that case, when the phase began (ms since `epochMs`) and the
 *   worker's thread id in /proc/self/task (0: unknown), whose CPU time the watchdog reads.
 * The watchdog reads the per-worker words to find a case that hangs: a synchronous loop cannot be
 * interrupted from inside its own thread, so only another thread can notice it.
 */
export type StopBoard = Int32Array;

export const SlicePhase = { Idle: 0, Running: 1, Minimising: 2 } as const;
export type SlicePhase = (typeof SlicePhase)[keyof typeof SlicePhase];

export function newStopBoard(workers: number): StopBoard {
  const b = new Int32Array(new SharedArrayBuffer(4 * (2 + WORDS * Math.max(1, workers))));
  b[0] = 0x7fffffff;
  return b;
}

export function interruptBoard(b: StopBoard): void {
  Atomics.store(b, 1, 1);
}

export function isInterrupted(b: StopBoard): boolean {
  return Atomics.load(b, 1) === 1;
}

/** The lowest failing local run index claimed so far (INT32_MAX: none). */
export function lowestFailure(b: StopBoard): number {
  return Atomics.load(b, 0);
}

/**
 * A failure at a lower local run than `run` is known: `run`'s finding is not the session's first.
 * Its minimisation stops and writes nothing more, because both may shrink to the same case, and
 * reproducers are named by content (reproducer.ts): the later finding would overwrite the first's
 * file with its own run and size, or delete it when superseding its own previous file.
 */
export function lowerFailureKnown(b: StopBoard, run: number): boolean {
  return Atomics.load(b, 0) < run;
}

/** Records a failure at local run `run` unless a lower one is known. */
export function claimFailure(b: StopBoard, run: number): void {
  for (;;) {
    const cur = Atomics.load(b, 0);
    if (run >= cur || Atomics.compareExchange(b, 0, cur, run) === cur) return;
  }
}

/** Words per worker (see the layout above). */
const WORDS = 4;

/** Worker `k`, on thread `tid` (0: unknown), enters `phase` for local run `run` at `nowMs` (ms since the session's epoch). */
export function setPhase(b: StopBoard, k: number, phase: SlicePhase, run: number, nowMs: number, tid = 0): void {
  const at = 2 + WORDS * k;
  if (at + WORDS - 1 >= b.length) return;
  Atomics.store(b, at + 1, run);
  Atomics.store(b, at + 2, nowMs | 0);
  Atomics.store(b, at + 3, tid | 0);
  Atomics.store(b, at, phase);
}

/** What worker `k` is doing: its phase, the local run, when the phase began, and its thread. */
export function readPhase(b: StopBoard, k: number): { phase: SlicePhase; run: number; sinceMs: number; tid: number } {
  const at = 2 + WORDS * k;
  return {
    phase: Atomics.load(b, at) as SlicePhase,
    run: Atomics.load(b, at + 1),
    sinceMs: Atomics.load(b, at + 2),
    tid: Atomics.load(b, at + 3),
  };
}

/**
 * Whether a case that began `wallMs` ago, and whose thread has used `cpuMs` of CPU since (null:
 * unknown), has run past the case timeout: by CPU time where it is known, so a case that only
 * waited for a core on a loaded (or stopped) machine is not a hang; by wall-clock time where it is
 * not, and in any case once the wall-clock time reaches WALL_FACTOR times the timeout (a thread
 * that makes no progress at all).
 */
export function caseTimedOut(wallMs: number, cpuMs: number | null, timeoutMs: number): boolean {
  if (wallMs <= timeoutMs) return false;
  return cpuMs === null || cpuMs > timeoutMs || wallMs > WALL_FACTOR * timeoutMs;
}

/** How many case timeouts of wall-clock time a case may take while its CPU time stays under one. */
export const WALL_FACTOR = 10;

/**
 * The times the watchdog's own process did not run (stopped by SIGSTOP, a suspended laptop, a
 * debugger): a gap of more than `gapMs` between two of its ticks, whose period is far shorter. A
 * case's wall-clock time leaves these out, since its thread did not run either; otherwise a
 * process stopped for WALL_FACTOR case timeouts would report every running case as a hang (in
 * `npm run mutation`, a clean mutant as killed).
 */
export class PauseLog {
  private last: number | null = null;
  /** Pauses as [from, to) in the watchdog's clock, oldest first. */
  private readonly pauses: [number, number][] = [];

  constructor(private readonly gapMs: number) {}

  /** The watchdog ticked at `nowMs`. */
  tick(nowMs: number): void {
    if (this.last !== null && nowMs - this.last > this.gapMs) this.pauses.push([this.last, nowMs]);
    this.last = nowMs;
    if (this.pauses.length > 64) this.pauses.shift();
  }

  /** Milliseconds of [fromMs, toMs) the process spent paused. */
  within(fromMs: number, toMs: number): number {
    let sum = 0;
    for (const [a, b] of this.pauses) sum += Math.max(0, Math.min(b, toMs) - Math.max(a, fromMs));
    return sum;
  }
}
