/**
 * Differential tests: every operator of NUMERIC_OPS against V8's own Wasm implementation of the
 * same opcode, on the exhaustive edge-value grid plus fixed-seed random inputs. Values cross the
 * JS boundary as i32/i64 bit carriers, so float bits are compared exactly; NaN results of
 * `nans`-governed operators are compared by spec class only (spec 4.3.3); traps by kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Trap } from '../../../../src/errors/Trap';
import { NUMERIC_OPS, type NumericOpName } from '../../../../src/wasm/execution/numerics/numericOps';
import {
  SPEC_BY_NAME, allowedNanResult, arbRaw, edges, implArg, isNanPropagating, nanClass, nanResultOk,
  rawOfImplResult, showRaw, specKindsOfV8Trap, v8Operator, type Outcome, type Raw, type SpecNumericInstr,
} from './numericTestKit';

const RANDOM_RUNS = 4000;
const BASE_SEED = 0x4e554d;

function runImpl(name: NumericOpName, spec: SpecNumericInstr, args: readonly Raw[]): Outcome {
  const fn = NUMERIC_OPS[name] as (a: number | bigint, b?: number | bigint) => unknown;
  // Operands go in as separate arguments, never through a JS array: V8's double-element arrays
  // quieten signalling NaNs (and an smi-to-double transition drops NaN payloads altogether).
  const a0 = implArg(spec.params[0]!, args[0]!);
  try {
    const r = spec.params.length === 1 ? fn(a0) : fn(a0, implArg(spec.params[1]!, args[1]!));
    return { kind: 'value', raw: rawOfImplResult(spec.result, r) };
  } catch (e: unknown) {
    if (e instanceof Trap) return { kind: 'trap', trap: e.kind };
    throw e;
  }
}

/** Whether an operand is a NaN of a float type. */
function anyNaNOperand(spec: SpecNumericInstr, args: readonly Raw[]): boolean {
  return spec.params.some((t, i) => nanClass(t, args[i]!) !== 'not-nan');
}

/** Compares one input; throws an AssertionError naming the op and operands on any divergence. */
function check(name: NumericOpName, spec: SpecNumericInstr, v8: (a: readonly Raw[]) => Outcome, args: readonly Raw[]): void {
  const mine = runImpl(name, spec, args);
  const theirs = v8(args);
  const where = `${name}(${args.map((a, i) => showRaw(spec.params[i]!, a)).join(', ')})`;
  if (theirs.kind === 'trap') {
    assert.equal(mine.kind, 'trap', `${where}: V8 traps "${theirs.trap}", we returned ${mine.kind === 'value' ? showRaw(spec.result, mine.raw) : ''}`);
    const kinds = specKindsOfV8Trap(theirs.trap);
    assert.ok(kinds.length > 0, `${where}: unknown V8 trap message "${theirs.trap}"`);
    assert.ok(kinds.includes(mine.trap), `${where}: we trap "${mine.trap}", V8 "${theirs.trap}"`);
    if (/trunc_f/.test(name)) {
      // V8 words NaN and overflow alike; the spec distinguishes them.
      const expected = anyNaNOperand(spec, args) ? 'invalid conversion to integer' : 'integer overflow';
      assert.equal(mine.trap, expected, `${where}: trap kind`);
    }
    return;
  }
  assert.equal(mine.kind, 'value', `${where}: we trap "${mine.kind === 'trap' ? mine.trap : ''}", V8 returns ${showRaw(spec.result, theirs.raw)}`);
  if (mine.kind !== 'value') return;
  const theirClass = nanClass(spec.result, theirs.raw);
  if (isNanPropagating(name) && theirClass !== 'not-nan') {
    const myClass = nanClass(spec.result, mine.raw);
    const allowed = allowedNanResult(spec.params, args);
    assert.ok(nanResultOk(myClass, allowed), `${where}: our NaN ${showRaw(spec.result, mine.raw)} is ${myClass}, spec allows ${allowed}`);
    assert.ok(nanResultOk(theirClass, allowed), `${where}: V8's NaN ${showRaw(spec.result, theirs.raw)} is ${theirClass}, spec allows ${allowed} (V8 divergence)`);
    return;
  }
  assert.equal(mine.raw, theirs.raw, `${where}: we give ${showRaw(spec.result, mine.raw)}, V8 ${showRaw(spec.result, theirs.raw)}`);
}

function edgeGrid(params: readonly SpecNumericInstr['params'][number][]): Raw[][] {
  let grid: Raw[][] = [[]];
  for (const t of params) grid = grid.flatMap((prefix) => edges(t).map((e) => [...prefix, e]));
  return grid;
}

const names = Object.keys(NUMERIC_OPS) as NumericOpName[];
let totalInputs = 0;

names.forEach((name, index) => {
  test(`${name} agrees with V8`, (t) => {
    const spec = SPEC_BY_NAME.get(name);
    assert.ok(spec, `${name} is not a spec numeric instruction`);
    const v8 = v8Operator(spec);
    const grid = edgeGrid(spec.params);
    for (const args of grid) check(name, spec, v8, args);
    fc.assert(
      fc.property(fc.tuple(...spec.params.map(arbRaw)), (args) => { check(name, spec, v8, args); }),
      { seed: BASE_SEED + index, numRuns: RANDOM_RUNS },
    );
    totalInputs += grid.length + RANDOM_RUNS;
    t.diagnostic(`${grid.length} edge + ${RANDOM_RUNS} random inputs`);
  });
});

test('every operator was compared against V8', (t) => {
  assert.equal(names.length, 136);
  t.diagnostic(`${names.length} operators, ${totalInputs} inputs in total`);
});
