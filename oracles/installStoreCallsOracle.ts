import type { Store } from '../src/runtime/store';
import { OracleFailure } from './OracleFailure';

/** What one `Store.enterWasm(n)` call did, as the store-calls oracle saw it. */
export interface EnterWasmCall {
  readonly refs: number;
  /** Whether the call began outside every no-GC scope. */
  readonly outside: boolean;
  /** The heap's `needGcBeforeEnteringWasm` answer during the call, null when the store did not ask. */
  readonly answer: boolean | null;
  /** The store's `enterWasm` trigger count and completed collections when the heap answered, and after the call. */
  readonly triggerBefore: number;
  readonly triggerAfter: number;
  readonly collectionsBefore: number;
  readonly collectionsAfter: number;
}

/**
 * The entering-Wasm half of the stack-roots trigger (`stack-roots-trigger`), on the store's side:
 * the trigger oracle (installStackRootsTriggerOracle.ts) judges the heap's answer, this judges
 * that the store acts on it. Outside a no-GC scope `enterWasm(n)` asks the heap
 * (`needGcBeforeEnteringWasm(n)`, the seed's `Store::enter_wasm`) and, when told to, counts an
 * `enterWasm` trigger and completes a full collection before Wasm runs; without that the DRC
 * stack-roots list, and every count it holds, grows without bound (CVE-2021-39216 was a
 * transition that did not make room first). When the store is told not to, the trigger count
 * stays. O(1).
 */
export function checkEnterWasm(c: EnterWasmCall, opIndex: number): void {
  const fail = (expected: string, actual: string): never => {
    throw new OracleFailure('stack-roots-trigger', opIndex, expected, actual, `the store entering Wasm with ${c.refs} ref(s)`);
  };
  if (!c.outside) return;
  if (c.answer === null) fail('the store to ask the heap whether to collect first (needGcBeforeEnteringWasm), outside a no-GC scope', 'it did not ask');
  const triggers = c.triggerAfter - c.triggerBefore;
  const completed = c.collectionsAfter - c.collectionsBefore;
  if (c.answer === true && (triggers !== 1 || completed < 1)) fail('one enterWasm trigger and a completed collection (the heap answered "collect first")', `${triggers} trigger(s), ${completed} collection(s)`);
  if (c.answer === false && triggers !== 0) fail('no enterWasm trigger (the heap answered "no collection")', `${triggers}`);
}

/**
 * Installs the store-calls oracle on `store`: its `enterWasm` and its heap's
 * `needGcBeforeEnteringWasm` are wrapped on the instance (install after any oracle that wraps the
 * latter), and every `enterWasm` call is judged by `checkEnterWasm` as it returns, blaming
 * `blame()`. Cost per call: two counter reads, and a copy of the trigger counts when the heap
 * answers.
 */
export function installStoreCallsOracle(store: Store, blame: () => number = () => -1): void {
  const heap = store.heap;
  const need = heap.needGcBeforeEnteringWasm;
  let answer: boolean | null = null;
  let triggerBefore = 0;
  let collectionsBefore = 0;
  heap.needGcBeforeEnteringWasm = (n: number): boolean => {
    triggerBefore = store.gcTriggerCounts.enterWasm;
    collectionsBefore = store.collections;
    answer = need.call(heap, n);
    return answer;
  };
  const enter = store.enterWasm;
  store.enterWasm = (n: number): void => {
    answer = null;
    const outside = heap.noGcScopeDepth === 0;
    enter.call(store, n);
    const asked = answer as boolean | null; // set by the wrapper during the call
    const triggerAfter = asked === null ? 0 : store.gcTriggerCounts.enterWasm;
    checkEnterWasm({ refs: n, outside, answer: asked, triggerBefore: asked === null ? 0 : triggerBefore, triggerAfter, collectionsBefore, collectionsAfter: store.collections }, blame());
  };
}
