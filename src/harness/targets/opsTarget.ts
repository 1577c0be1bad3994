import type { GcRuntime } from '../../runtime/gcHeap';
import { UsageError } from '../../errors/UsageError';
import type { OpCase } from '../../gen/ops/opCase';
import { opCaseArbitrary } from '../../gen/ops/opCaseArbitrary';
import { opCaseFromBytes } from '../../gen/ops/opCaseFromBytes';
import { fixupOpCase } from '../../gen/ops/fixupOpCase';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { checkDifferential } from '../../../oracles/checkDifferential';
import { checkIncrementalVsFull, incrementalVsFullFailure } from '../../../oracles/checkIncrementalVsFull';
import type { FuzzTarget, TargetOptions, TargetRunStats } from '../fuzzTarget';
import { runOpCase, type OpRunResult } from './ops/runOpCase';
import { reduceOpCase } from './ops/reduceOpCase';
import { exactUnderFixup } from '../exactReplay';

/**
 * Op streams against the GC runtime. Each case runs on every selected collector with the
 * reference model and all oracles; then the collectors' traces are compared (differential). A case
 * whose collections were really split (two or more increments) or abandoned after an increment is
 * also run with every collection done by `collect()` and compared with itself
 * (incremental-vs-full); that reference run goes without the model, which the sliced run already
 * answered to, so it costs the runtime alone. A failure that disappears when every collection is
 * full is reported as incremental-vs-full, whatever oracle saw it first, except for the marking
 * oracles and sandbox. A collector under incremental zeal (mutator running between slices) has
 * every case compared with its full-collection reference, and keeps its own oracle's verdict.
 */
export const opsTarget: FuzzTarget<OpCase> = {
  name: 'ops',
  arbitrary: (o: TargetOptions) => opCaseArbitrary(o.gcEveryNAllocs !== undefined ? { gcEveryNAllocs: o.gcEveryNAllocs } : {}),
  fromBytes: opCaseFromBytes,
  run: runOpsCase,
  serialise: (c) => c,
  deserialise(json: unknown): OpCase {
    if (typeof json !== 'object' || json === null || !Array.isArray((json as { ops?: unknown }).ops) || !Array.isArray((json as { types?: unknown }).types)) {
      throw new UsageError('not an op case: expected an object with "types" and "ops" arrays');
    }
    return fixupOpCase(json);
  },
  validateExact: (json) => exactUnderFixup(opsTarget, json),
  size: (c) => c.ops.length,
  reduce: reduceOpCase,
};

function runOpsCase(c: OpCase, collectors: readonly GcRuntime[]): TargetRunStats {
  const explicit = c.ops.some((op) => op.op === 'gcStart'); // an explicit incremental collection (incrementalOp.ts)
  const sliced = explicit || c.ops.some((op) => op.op === 'gcSliced' || op.op === 'gcAbandon');
  const runs: OpRunResult[] = [];
  let ops = 0;
  for (const collector of collectors) {
    // A collector under incremental zeal, or one running a case's explicit incremental collection,
    // runs with mutation between slices: its failures keep their own oracle's name.
    const concurrent = collector.mutatorRunsBetweenIncrements === true;
    const zeal = concurrent && (collector.incrementalZeal !== undefined || explicit);
    const incremental = sliced || zeal;
    const attribute = (e: unknown): unknown => (e instanceof OracleFailure ? e.withCollector(collector.name) : e);
    let run: OpRunResult;
    try {
      run = runOpCase(c, { collector, mode: 'lockstep' });
    } catch (e) {
      if (e instanceof OracleFailure && sliced && !zeal && !UNRECLASSIFIED.has(e.oracle) && passesWithFullCollections(c, collector)) {
        throw incrementalVsFullFailure(e).withCollector(collector.name);
      }
      throw attribute(e);
    }
    ops += run.opsRun;
    if (incremental && run.scheduledCollections > 0) {
      try {
        const full = runOpCase(c, { collector, mode: 'full-gc-reference' });
        checkIncrementalVsFull(run, full);
      } catch (e) {
        throw attribute(e);
      }
    }
    runs.push(run);
  }
  checkDifferential(runs);
  return { ops };
}

/** Oracles whose verdict stands even when the case passes with full collections (the marking oracles exist only for sliced ones). */
const UNRECLASSIFIED: ReadonlySet<string> = new Set(['sandbox', 'containment', 'snapshot-edges', 'closure']);

function passesWithFullCollections(c: OpCase, collector: GcRuntime): boolean {
  try {
    runOpCase(c, { collector, mode: 'lockstep-full-gc' });
    return true;
  } catch {
    return false;
  }
}
