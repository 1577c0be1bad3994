import { parentPort, workerData } from 'node:worker_threads';
import { findingRecord } from './fuzzSession';
import type { HangMinimiserInput, HangMinimiserMessage } from './hangMinimiser';
import { saveReproducer } from './reproducer';
import { isInterrupted, lowerFailureKnown } from './stopBoard';
import { HANG_CANDIDATE_SECONDS, hungCase, minimiseHang, timeoutSpec } from './writeTimeoutFinding';

/**
 * Worker-thread entry of minimiseHangInThread: shrinks the hung case, writing each smaller
 * hanging case over the previous reproducer (the session may terminate this thread at any time),
 * and stops within a poll interval once the session is interrupted or past its deadline.
 */
function main(): void {
  const input = workerData as HangMinimiserInput;
  const post = (m: HangMinimiserMessage): void => parentPort!.postMessage(m);
  try {
    const { cfg } = input;
    const h = hungCase(cfg, input.localRun, input.timeoutSeconds);
    const originalSize = h.target.size(h.case);
    let last = input.first.reproducer;
    const superseded = (): boolean => lowerFailureKnown(input.board, input.localRun);
    let best = input.first;
    const save = (c: unknown, minimised: boolean) => {
      if (superseded()) return best; // stopBoard.lowerFailureKnown: write nothing more
      const spec = timeoutSpec(h.target, cfg.collector, c, h.origin, h.why, originalSize, minimised);
      const s = saveReproducer(cfg.outDir, spec, last);
      last = s.file;
      best = findingRecord(s, spec.collector);
      return best;
    };
    const stop = (): boolean => superseded() || isInterrupted(input.board) || (input.deadline !== null && Date.now() > input.deadline);
    const candidateMs = Math.min(input.timeoutSeconds, HANG_CANDIDATE_SECONDS) * 1000;
    const m = minimiseHang(h.target, cfg.collector, h.case, h.target.arbitrary(cfg.targetOptions), h.origin.caseSeed, cfg.minimise, candidateMs, stop, (c) => post({ type: 'best', finding: save(c, true) }));
    post({ type: 'done', finding: m.reproduced ? save(m.case, true) : best });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

if (parentPort !== null) main();
