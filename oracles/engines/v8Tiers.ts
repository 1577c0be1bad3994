import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { WasmCase } from '../../src/cases/wasmCase';
import { wasmCaseToJson } from '../../src/cases/wasmCaseJson';
import { OracleFailure } from '../OracleFailure';
import { checkSameOutcome, compareOutcomes, firstCrash } from './compareOutcomes';
import { KnownEngineBug } from './KnownEngineBug';
import { showStep, type Outcome } from './outcome';
import { exposedGc } from './v8Engine';

/**
 * V8's two compilers, each forced for a whole run: Liftoff with tier-up off (every function stays
 * in the baseline compiler), and TurboFan alone. Node's default tiering runs Liftoff code first and
 * tiers hot functions up to TurboFan when a timer and counters say so, which makes a default run's
 * mix of tiers timing-dependent; a forced tier is not.
 */
export const V8_TIERS = [
  { name: 'liftoff', flags: ['--liftoff', '--no-wasm-tier-up'] },
  { name: 'turbofan', flags: ['--no-liftoff'] },
] as const;

/** A forced-tier run that takes longer than this is reported as a crash of that tier. */
const TIER_RUN_TIMEOUT_MS = 60_000;

/**
 * Runs `c` on V8 in a child `node` with `flags`; the Outcome, with the engine named after the tier.
 * `child` is the entry that builds V8's imports for the case's target (v8TierChild.js: `host` only).
 */
export function runV8Tier(c: WasmCase, tier: (typeof V8_TIERS)[number], child: string = path.join(__dirname, 'v8TierChild.js')): Outcome {
  const args = [...tier.flags, ...(exposedGc() !== undefined ? ['--expose-gc'] : []), child];
  const r = spawnSync(process.execPath, args, { input: wasmCaseToJson(c), maxBuffer: 64 << 20, timeout: TIER_RUN_TIMEOUT_MS, encoding: 'utf8' });
  const engine = `v8 ${tier.name}`;
  if (r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    return { engine, instantiation: { kind: 'crash', error: 'timeout', message: `no result within ${TIER_RUN_TIMEOUT_MS} ms`, hostCalls: [] }, invocations: [], stats: {} };
  }
  if (r.signal !== null && r.error === undefined) {
    // V8 itself died (SIGSEGV, SIGABRT...): an outcome of that tier, which adjudicateV8 compares like any other.
    return { engine, instantiation: { kind: 'crash', error: 'v8 died', message: `killed by ${r.signal}`, hostCalls: [] }, invocations: [], stats: {} };
  }
  if (r.error !== undefined || r.status !== 0) {
    throw new Error(`the ${tier.name} run of V8 (node ${args.join(' ')}) failed: ${r.error?.message ?? `exit ${String(r.status)}, signal ${String(r.signal)}`}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  return { ...(JSON.parse(r.stdout) as Outcome), engine };
}

/** Whether two runs of V8 did the same: the differential oracle's comparison, and crashes equal only when identical. */
function sameV8Outcome(a: Outcome, b: Outcome): boolean {
  const strip = (o: Outcome): string => JSON.stringify({ i: o.instantiation, v: o.invocations, f: o.final });
  if (firstCrash(a) !== undefined || firstCrash(b) !== undefined) return strip(a) === strip(b);
  return compareOutcomes(a, b) === undefined;
}

/** The finding a V8 outcome is against the reference: a crash (differential, as for the default run) or the first difference. */
function v8Failure(reference: Outcome, v8: Outcome): OracleFailure | null {
  const crash = firstCrash(v8);
  if (crash !== undefined) return new OracleFailure('differential', crash.step, 'no engine error', showStep(crash.outcome), `${v8.engine}${crash.step < 0 ? ' instantiation' : ` invocation ${crash.step}`}`, 'v8');
  try {
    checkSameOutcome(reference, v8);
    return null;
  } catch (e) {
    if (e instanceof OracleFailure) return e.withCollector('v8');
    throw e;
  }
}

/**
 * Decides a disagreement between V8's default run and `reference`, an outcome every interpreter
 * engine (every collector and the model) already agreed on, from V8's forced-tier runs only, so the
 * verdict does not depend on when the default run tiered up:
 *  - the two forced tiers disagree with each other: V8 contradicts itself, a V8 tier bug
 *    (KnownEngineBug 'v8-tier-disagreement'), not a finding;
 *  - they agree with each other and with the reference: only the default run's timing-dependent
 *    mix of tiers disagreed, the same kind of V8 bug;
 *  - they agree with each other and not with the reference: a `differential` finding, stated
 *    against the Liftoff run (which is deterministic).
 * A runtime bug cannot hide in the first two cases: the interpreter on every collector and the
 * model had to agree with one another before V8 was asked, and every heap oracle had held.
 */
export function adjudicateV8(c: WasmCase, reference: Outcome, run: (c: WasmCase, tier: (typeof V8_TIERS)[number]) => Outcome = runV8Tier): never {
  const [liftoff, turbofan] = V8_TIERS.map((t) => run(c, t)) as [Outcome, Outcome];
  const lf = v8Failure(reference, liftoff);
  if (!sameV8Outcome(liftoff, turbofan)) {
    const tf = v8Failure(reference, turbofan);
    const say = (name: string, f: OracleFailure | null): string => `${name} ${f === null ? 'agrees with the interpreter' : `disagrees (${f.message})`}`;
    throw new KnownEngineBug('v8-tier-disagreement', `V8's tiers disagree with each other: ${say('Liftoff', lf)}; ${say('TurboFan', tf)}`);
  }
  if (lf === null) {
    throw new KnownEngineBug('v8-tier-disagreement', "V8's default tiering disagrees with the interpreter; Liftoff alone and TurboFan alone both agree with it");
  }
  throw lf;
}
