import type { WasmCase } from '../../src/cases/wasmCase';
import { ORACLE_NAMES, OracleFailure, type OracleName } from '../OracleFailure';
import { checkSameOutcome, compareOutcomes, firstCrash } from './compareOutcomes';
import { adjudicateV8 } from './v8Tiers';
import type { Engine } from './engine';
import { checkFinalHeap } from './checkProgramHeap';
import { showStep, type Outcome } from './outcome';

/** An engine with the name findings are attributed to (the collector's name for interpreter engines). */
export interface NamedEngine {
  readonly engine: Engine;
  readonly collector: string;
}

/**
 * Runs `c` on every engine (the first is the reference: the model when selected) and applies the
 * Wasm-program oracles: the program-heap oracles on each interpreter engine's final heap
 * (`checkFinalHeap`), no engine crash (a sandbox or invariant error, an internal exception, a module V8
 * rejects), and the differential oracle against the reference. V8 runs last; when it crashes or
 * disagrees with the outcome every other engine agreed on, `adjudicate` (adjudicateV8) decides from
 * V8's forced-tier runs whether that is a finding or a V8 tier bug (KnownEngineBug). Throws the
 * first OracleFailure, attributed to the engine's collector; returns the outcomes when every
 * oracle holds.
 */
export function checkWasmCase(c: WasmCase, engines: readonly NamedEngine[], adjudicate: (c: WasmCase, reference: Outcome) => never = adjudicateV8): Outcome[] {
  // V8 last: it is judged only against an outcome every interpreter engine agreed on.
  const ordered = [...engines.filter((e) => e.engine.name !== 'v8'), ...engines.filter((e) => e.engine.name === 'v8')];
  const outcomes: Outcome[] = [];
  for (const { engine, collector } of ordered) {
    let o: Outcome;
    try {
      if (engine.runWithFinalHeap === undefined) o = engine.run(c);
      else {
        const r = engine.runWithFinalHeap(c);
        if (r.finalHeap !== null) checkFinalHeap(r.finalHeap);
        o = r.outcome;
      }
    } catch (e) {
      throw e instanceof OracleFailure ? e.withCollector(collector) : e;
    }
    const crash = firstCrash(o);
    if (crash !== undefined && engine.name !== 'v8') {
      const s = crash.outcome;
      const oracle: OracleName = s.kind === 'crash' && (ORACLE_NAMES as readonly string[]).includes(s.error) ? (s.error as OracleName) : 'crash';
      throw new OracleFailure(oracle, crash.step, 'no engine error', showStep(s), `${engine.name}${crash.step < 0 ? ' instantiation' : ` invocation ${crash.step}`}`, collector);
    }
    outcomes.push(o);
  }
  const [reference, ...others] = outcomes;
  others.forEach((o, i) => {
    const v8 = ordered[i + 1]!.engine.name === 'v8';
    // V8 crashing or disagreeing with what every interpreter engine agreed on is decided from its forced tiers.
    if (v8 && (firstCrash(o) !== undefined || compareOutcomes(reference!, o) !== undefined)) adjudicate(c, reference!);
    try {
      checkSameOutcome(reference!, o);
    } catch (e) {
      throw e instanceof OracleFailure ? e.withCollector(ordered[i + 1]!.collector) : e;
    }
  });
  return outcomes;
}
