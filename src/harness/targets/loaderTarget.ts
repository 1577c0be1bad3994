import fc from 'fast-check';
import { UsageError } from '../../errors/UsageError';
import { loaderCaseFromBytes, loaderCaseFromJson, type LoaderCase } from '../../gen/loader/loaderCase';
import { checkCollectorLoad } from '../../../oracles/checkCollectorLoad';
import type { FuzzTarget } from '../fuzzTarget';

/**
 * `--collector` arguments through the collector loader (src/runtime/collectors/loadCollector.ts),
 * against the grammar docs/collector-api.md documents (oracles/checkCollectorLoad.ts, oracle
 * `loader`): built-in names, zeal variants, module paths in every style, modules with each
 * GcRuntime field right or wrong, periods on paths, junk around the argument. A session
 * with `--collector all` never reaches the loader, and a wrong acceptance or refusal there decides
 * which collector every other target fuzzes and what a reproducer replays. Cases are bytes read as
 * choices (loaderCaseFromBytes), seeded and jsfuzz alike; collectors play no part.
 */
export const loaderTarget: FuzzTarget<LoaderCase> = {
  name: 'loader',
  usesCollectors: false,
  // Unbiased bytes: fast-check's bias puts a third of all bytes in 0-7, which a byte-modulo choice
  // turns into the first few options (seed 1's 300 runs then held two bare words and few valid modules).
  arbitrary: () => fc.noBias(fc.uint8Array({ minLength: 24, maxLength: 24 })).map(loaderCaseFromBytes),
  fromBytes: loaderCaseFromBytes,
  run(c) {
    checkCollectorLoad(c);
    return { ops: 1 };
  },
  serialise: (c) => c,
  deserialise(json: unknown): LoaderCase {
    const c = loaderCaseFromJson(json);
    if (typeof c === 'string') throw new UsageError(`not a loader case: bad or unknown field '${c}'`);
    return c;
  },
  size: (c) => differences(c, SIMPLEST) + differences(c.module, SIMPLEST.module),
};

/** The case of no bytes (the built-in `null`, a valid module): size 0. */
const SIMPLEST = loaderCaseFromBytes(new Uint8Array(0));

/** How many of `a`'s scalar fields differ from `b`'s. */
function differences<T extends object>(a: T, b: T): number {
  return Object.entries(a).filter(([k, v]) => typeof v !== 'object' && v !== (b as Record<string, unknown>)[k]).length;
}
