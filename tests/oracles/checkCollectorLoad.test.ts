import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkCollectorLoad, type CollectorLoader } from '../../oracles/checkCollectorLoad';
import { OracleFailure } from '../../oracles/OracleFailure';
import { CollectorLoadError } from '../../src/errors/CollectorLoadError';
import { caseSeed } from '../../src/gen/caseSeed';
import type { LoaderCase } from '../../src/gen/loader/loaderCase';
import { loaderTarget } from '../../src/harness/targets/loaderTarget';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { DEFAULT_INCREMENTAL_ZEAL, incrementalCollector, withIncrementalZealPeriod } from '../../src/runtime/collectors/incrementalCollector';
import { loadCollector } from '../../src/runtime/collectors/loadCollector';
import type { GcRuntime } from '../../src/runtime/gcHeap';

/** Seed 1's first 1000 cases, as a session (and the mutation command's loader runs) draws them. */
const CASES: LoaderCase[] = Array.from({ length: 1000 }, (_, run) => fc.sample(loaderTarget.arbitrary({}), { seed: caseSeed(1, run), numRuns: 1 })[0]!);

/** The first of seed 1's cases the oracle fails `load` on, or null. */
function firstFailure(load: CollectorLoader): { run: number; failure: OracleFailure } | null {
  for (const [run, c] of CASES.entries()) {
    try {
      checkCollectorLoad(c, load);
    } catch (e) {
      if (e instanceof OracleFailure) return { run, failure: e };
      throw e;
    }
  }
  return null;
}

test('the loader oracle holds for the real loader on seed 1\'s 1000 cases, which reach every form and verdict', () => {
  assert.equal(firstFailure(loadCollector), null);
  const forms = new Set(CASES.map((c) => `${c.form}${c.prefix + c.suffix === '' ? '' : '+junk'}`));
  for (const f of ['builtin', 'variant', 'unknown', 'path', 'pathZeal', 'bare', 'path+junk', 'variant+junk', 'pathZeal+junk']) assert.ok(forms.has(f), f);
});

/**
 * Deliberately broken loaders, one per promise the oracle checks (each the behaviour of a
 * loadCollector mutant): each must be caught within seed 1's 1000 runs.
 */
const isBare = (s: string): boolean => !/[\\/]/.test(s) && !/\.(c?js|mjs)$/.test(s) && !/^incremental:/.test(s) && !Object.prototype.hasOwnProperty.call(builtinCollectors, s);
const BROKEN: Record<string, CollectorLoader> = {
  // `looksLikePath` always true: `--collector drc` would load a ./drc.js lying in the directory.
  bareWordAsPath: (s, dir) => (isBare(s) ? loadCollector(`./${s}`, dir) : loadCollector(s, dir)),
  // The built-in pattern's `$` dropped: `incremental:13x` is accepted.
  unanchoredVariant: (s, dir) => loadCollector(/^incremental:\d{1,7}/.exec(s)?.[0] ?? s, dir),
  // The module pattern's `$` dropped: `m.js:13x` and `m.js:12345678` (as period 1234567) are accepted.
  unanchoredModulePeriod: (s, dir) => loadCollector(/^(.+\.js):(\d{1,7})/.exec(s)?.[0] ?? s, dir),
  // incremental:N without its period.
  periodIgnored: (s, dir) => (/^incremental:\d+$/.test(s) ? incrementalCollector : loadCollector(s, dir)),
  // isGcRuntime accepting any object export.
  anyObjectExport: (s, dir) => {
    try {
      return loadCollector(s, dir);
    } catch (e) {
      if (!(e instanceof CollectorLoadError) || isBare(s) || !s.endsWith('.js')) throw e;
      const m = require(path.resolve(dir, s)) as Record<string, unknown>;
      if (typeof m['default'] !== 'object' || m['default'] === null) throw e;
      return m['default'] as GcRuntime;
    }
  },
  // A module path's zeal period using the default budget and seed instead of the runtime's own.
  ownZealDropped: (s, dir) => {
    const m = /^(.+\.js):(\d{1,7})$/.exec(s);
    if (m === null) return loadCollector(s, dir);
    const base = loadCollector(m[1]!, dir);
    return withIncrementalZealPeriod({ ...base, incrementalZeal: DEFAULT_INCREMENTAL_ZEAL }, Number(m[2]));
  },
  // A refusal thrown as a plain Error (the CLI would report a crash, not exit 2).
  untypedRefusal: (s, dir) => {
    try {
      return loadCollector(s, dir);
    } catch (e) {
      throw new Error(e instanceof Error ? e.message : String(e));
    }
  },
};

for (const [name, load] of Object.entries(BROKEN)) {
  test(`the loader oracle catches a broken loader: ${name}`, () => {
    const found = firstFailure(load);
    assert.ok(found !== null, `${name} not caught in 1000 runs`);
    assert.equal(found.failure.oracle, 'loader');
    assert.match(found.failure.message, /--collector /);
  });
}
