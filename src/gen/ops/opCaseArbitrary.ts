import fc from 'fast-check';
import type { OpCase, OpCaseConfig } from './opCase';
import { caseShapeArbitrary } from './caseShapeArbitrary';
import { opSnippetArbitrary } from './opSnippetArbitrary';
import { fixupOpCase } from './fixupOpCase';

export interface OpCaseArbitraryOptions {
  /** Upper bound on snippets (each one to about 20 ops); default 100 (about 180 ops per case on average). */
  readonly maxSnippets?: number;
  /** Force `zeal.gcEveryNAllocs` (the CLI's --zeal; 0 turns it off); undefined lets the generator choose. */
  readonly gcEveryNAllocs?: number;
}

/**
 * Seeded op-stream cases: a case shape (types, globals, tables), a store configuration, and a list
 * of snippets flattened into ops, passed through `fixupOpCase` so every value is valid. fast-check
 * shrinks by removing and simplifying snippets; the result is re-fixed, so shrunk cases stay valid.
 */
export function opCaseArbitrary(options: OpCaseArbitraryOptions = {}): fc.Arbitrary<OpCase> {
  const maxSnippets = options.maxSnippets ?? 100;
  return fc.record({ shape: caseShapeArbitrary(), config: configArbitrary(options.gcEveryNAllocs) }).chain(({ shape, config }) =>
    fc
      .array(opSnippetArbitrary(shape.types.length), { maxLength: maxSnippets, size: 'max' })
      .map((snippets) => fixupOpCase({ ...shape, config, ops: snippets.flat() })),
  );
}

function configArbitrary(gcEveryNAllocs: number | undefined): fc.Arbitrary<OpCaseConfig> {
  const zealN = gcEveryNAllocs !== undefined
    ? fc.constant(gcEveryNAllocs)
    : fc.oneof(
      { weight: 5, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }) },
      { weight: 2, arbitrary: fc.integer({ min: 5, max: 32 }) },
      { weight: 1, arbitrary: fc.integer({ min: 33, max: 200 }) },
    );
  return fc
    .record({
      heapBytes: fc.constantFrom(512, 2048, 2048, 8192, 8192, 65536),
      growth: fc.constantFrom(1, 4, 16, 64, 256),
      zealN,
      poison: fc.boolean(),
      checks: fc.constantFrom(false, false, false, true),
      incrementBudget: fc.constantFrom(1, 3, 8, 16384, 16384),
    })
    .map((r): OpCaseConfig => ({
      heapBytes: r.heapBytes,
      maxHeapBytes: Math.min(r.heapBytes * r.growth, 1 << 20),
      zeal: { gcEveryNAllocs: r.zealN, poison: r.poison, checks: r.checks },
      incrementBudget: r.incrementBudget,
      // A low stack-roots floor lets pushFrame's entering-Wasm check collect on DRC (the default
      // 1024 is out of reach). Derived from the slice budget, which DRC ignores, rather than drawn,
      // so every seed's cases stay as they were; only DRC reads the floor.
      ...(r.incrementBudget < 16384 ? { stackRootsTriggerFloor: r.incrementBudget === 1 ? 1 : r.incrementBudget === 3 ? 2 : 8 } : {}),
    }));
}
