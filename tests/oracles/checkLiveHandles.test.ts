import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { checkLiveHandles } from '../../oracles/checkLiveHandles';
import { OracleFailure } from '../../oracles/OracleFailure';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { Store, type Handle } from '../../src/runtime/store';

const fails = (e: unknown): boolean => e instanceof OracleFailure && e.oracle === 'roots' && /Store\.liveHandles\(\), at the end/.test(e.message);

/** Owned and scoped handles made, cloned and dropped (holes, free owned slots, a scope left); returns the ones still held. */
function mutate(s: Store): Handle[] {
  const arr = s.types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
  const held: Handle[] = [];
  for (let i = 0; i < 4; i++) held.push(s.root(s.allocArray(arr, 1), true));
  s.drop(held.splice(1, 1)[0]!);
  const outer = s.enterScope();
  for (let i = 0; i < 3; i++) held.push(s.root(s.allocArray(arr, 1)));
  held.push(s.clone(held[0]!, true), s.clone(held[0]!));
  s.drop(held.splice(4, 1)[0]!); // a hole below live scoped handles
  const inner = s.enterScope();
  const gone = [s.root(s.allocArray(arr, 1)), s.root(s.allocArray(arr, 1))];
  s.exitScope(inner);
  assert.ok(gone.length === 2);
  s.drop(held.pop()!); // the top scoped handle: its slot is trimmed
  held.push(s.root(s.allocArray(arr, 1), true)); // reuses the dropped owned slot
  assert.equal(outer, 0);
  return held;
}

test('live handles: a correct store lists exactly the held handles, scoped then owned, on every collector', () => {
  for (const c of Object.values(builtinCollectors)) {
    const s = new Store({ collector: c, initialHeapBytes: 4096, maxHeapBytes: 1 << 16 });
    const held = mutate(s);
    checkLiveHandles(s.liveHandles(), held, -1, 'at the end');
    assert.deepEqual(s.liveHandles().map((h) => h.kind), ['scoped', 'scoped', 'owned', 'owned', 'owned', 'owned', 'owned']);
  }
});

test('live handles: a handle left out, a dropped one listed or a wrong generation fails', () => {
  const s = new Store({ collector: builtinCollectors.drc, initialHeapBytes: 4096, maxHeapBytes: 1 << 16 });
  const held = mutate(s);
  const listed = s.liveHandles();
  assert.throws(() => checkLiveHandles(listed.slice(1), held, -1, 'at the end'), fails);
  assert.throws(() => checkLiveHandles([...listed, { kind: 'owned', index: 9, gen: 0 }], held, -1, 'at the end'), fails);
  assert.throws(() => checkLiveHandles(listed.map((h, i) => (i === 0 ? { ...h, gen: h.gen + 1 } : h)), held, -1, 'at the end'), fails);
  assert.throws(() => checkLiveHandles([...listed].reverse(), held, -1, 'at the end'), fails);
  // A store that lists dropped scoped handles' holes (generation 0) too.
  class HoleListingStore extends Store {
    override liveHandles(): Handle[] {
      return [{ kind: 'scoped', index: 0, gen: 0 }, ...super.liveHandles()];
    }
  }
  const b = new HoleListingStore({ collector: builtinCollectors.incremental, initialHeapBytes: 4096, maxHeapBytes: 1 << 16 });
  assert.throws(() => checkLiveHandles(b.liveHandles(), mutate(b), -1, 'at the end'), fails);
});

test('live handles: the unsorted passing path agrees with the sorted comparison on any lists', () => {
  const handle = fc.record({ kind: fc.constantFrom('scoped' as const, 'owned' as const), index: fc.nat(6), gen: fc.integer({ min: 1, max: 3 }) });
  const sorted = (hs: readonly Handle[]): Handle[] => [...hs.filter((h) => h.kind === 'scoped').sort((a, b) => a.index - b.index), ...hs.filter((h) => h.kind === 'owned').sort((a, b) => a.index - b.index)];
  const key = (hs: readonly Handle[]): string => hs.map((h) => `${h.kind}${h.index}/${h.gen}`).join(' ');
  fc.assert(fc.property(fc.array(handle, { maxLength: 8 }), fc.array(handle, { maxLength: 8 }), fc.boolean(), (a, b, listSorted) => {
    const listed = listSorted ? sorted(a) : a;
    const held = b.length % 2 === 0 ? a.slice().reverse() : b;
    const want = key(sorted(held)) === key(listed);
    let passed = true;
    try {
      checkLiveHandles(listed, held, 0, 'at the end');
    } catch (e) {
      if (!(e instanceof OracleFailure)) throw e;
      passed = false;
    }
    assert.equal(passed, want, `listed ${key(listed)}; held ${key(held)}`);
  }), { seed: 11, numRuns: 3000 });
});
