import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CollectorLoadError } from '../src/errors/CollectorLoadError';
import type { LoaderCase, ModuleShape } from '../src/gen/loader/loaderCase';
import type { GcRuntime, IncrementalZeal } from '../src/runtime/gcHeap';
import { builtinCollectors } from '../src/runtime/collectors/builtinCollectors';
import { DEFAULT_INCREMENTAL_ZEAL } from '../src/runtime/collectors/incrementalCollector';
import { loadCollector } from '../src/runtime/collectors/loadCollector';
import { OracleFailure } from './OracleFailure';

/** The loader under test (replaceable so a test can prove the oracle catches a broken one). */
export type CollectorLoader = (nameOrPath: string, baseDir: string) => GcRuntime;

/** What docs/collector-api.md and the CLI's help promise for a case's argument. */
type Expected =
  | { readonly kind: 'refused'; readonly why: string }
  | { readonly kind: 'builtin'; readonly name: keyof typeof builtinCollectors }
  | { readonly kind: 'variant'; readonly every: number }
  | { readonly kind: 'module'; readonly key: 'default' | 'collector'; readonly every: number | null };

/** The zeal a runtime of own zeal `own` runs with period `every`: the period replaced, budget and seed kept; 0 is none. */
function zealWith(own: IncrementalZeal | undefined, every: number): IncrementalZeal | undefined {
  return every === 0 ? undefined : { ...(own ?? DEFAULT_INCREMENTAL_ZEAL), every };
}

function validRuntime(m: ModuleShape): boolean {
  return m.value === 'object' && m.name === 'ok' && ['all', 'acyclic', 'nothing'].includes(m.reclaims) && (m.moving === 'false' || m.moving === 'true') && m.newGcHeap === 'function';
}

/** The export the loader must return for `m`: `default` first, then `collector`; null when neither is a GcRuntime. */
function exportKey(m: ModuleShape): 'default' | 'collector' | null {
  if (m.throws || m.exportAs === 'other' || m.exportAs === 'itself') return null;
  if (m.exportAs === 'both') return validRuntime(m) ? 'default' : 'collector';
  return validRuntime(m) ? m.exportAs : null;
}

/** Whether the runtime under `key` has `mutatorRunsBetweenIncrements === true` (the `both` case's second export does). */
function runsBetweenIncrements(m: ModuleShape, key: 'default' | 'collector'): boolean {
  return (m.exportAs === 'both' && key === 'collector') || m.increments === 'true';
}

/**
 * The verdict the documented grammar gives: a built-in name, `incremental:N` (N of 1-7 digits), a
 * path (containing `/` or `\`, or ending in .js/.cjs/.mjs: a bare word is never read as a file)
 * to a module whose `default` or else `collector` export is a GcRuntime (an object with a
 * non-empty string name, reclaims nothing/acyclic/all, boolean moving, function newGcHeap),
 * `PATH:N` (PATH ending in .js/.cjs/.mjs) for such a module whose runtime has
 * `mutatorRunsBetweenIncrements: true`; anything else refused. Junk around an argument leaves no name and no existing file.
 */
function expectedLoad(c: LoaderCase): Expected {
  if (c.prefix !== '' || c.suffix !== '') return { kind: 'refused', why: 'junk around the argument' };
  const digits = c.period.length <= 7;
  switch (c.form) {
    case 'builtin':
      return { kind: 'builtin', name: c.builtin };
    case 'variant':
      return digits ? { kind: 'variant', every: Number(c.period) } : { kind: 'refused', why: 'a period of more than 7 digits' };
    case 'unknown':
      return { kind: 'refused', why: 'no such collector' };
    case 'bare':
      if (c.ext === 'none' || c.ext === 'jsx') return { kind: 'refused', why: 'a bare word is not a path' };
      break;
    case 'pathZeal':
      if (!digits) return { kind: 'refused', why: 'a period of more than 7 digits makes it a path that does not exist' };
      if (c.style === 'noExt' || c.style === 'backslash') return { kind: 'refused', why: 'a period follows only a .js/.cjs/.mjs file name; otherwise it is part of a path that does not exist' };
      break;
    case 'path':
      break;
  }
  const key = exportKey(c.module);
  if (key === null) return { kind: 'refused', why: 'no GcRuntime export' };
  if (c.form !== 'pathZeal') return { kind: 'module', key, every: null };
  if (!runsBetweenIncrements(c.module, key)) return { kind: 'refused', why: 'a zeal period for a collector without incremental zeal' };
  return { kind: 'module', key, every: Number(c.period) };
}

/** The module's source (CommonJS). Its newGcHeap is never called: the loader does not build heaps. */
function moduleSource(m: ModuleShape): string {
  const fields: string[] = [];
  if (m.name !== 'missing') fields.push(`name: ${m.name === 'ok' ? "'generated'" : m.name === 'empty' ? "''" : '5'}`);
  if (m.reclaims !== 'missing') fields.push(`reclaims: '${m.reclaims}'`);
  if (m.moving !== 'missing') fields.push(`moving: ${m.moving === 'string' ? "'false'" : m.moving}`);
  if (m.newGcHeap !== 'missing') fields.push(`newGcHeap: ${m.newGcHeap === 'function' ? 'function newGcHeap() { throw new Error(\'not a heap\'); }' : '{}'}`);
  if (m.increments !== 'missing') fields.push(`mutatorRunsBetweenIncrements: ${m.increments === 'truthy' ? '1' : m.increments}`);
  if (m.ownZeal) fields.push('incrementalZeal: { every: 5, maxBudget: 2, seed: 7 }');
  const obj = `{ ${fields.join(', ')} }`;
  const value = m.value === 'object' ? obj : m.value === 'null' ? 'null' : m.value === 'number' ? '7' : `Object.defineProperties(function runtime() {}, Object.getOwnPropertyDescriptors(${obj}))`;
  const second = "{ name: 'second', reclaims: 'all', moving: false, mutatorRunsBetweenIncrements: true, newGcHeap() { throw new Error('not a heap'); } }";
  const exports = m.exportAs === 'both' ? `{ default: ${value}, collector: ${second} }` : m.exportAs === 'itself' ? value : `{ ${m.exportAs === 'other' ? 'runtime' : m.exportAs}: ${value} }`;
  return `'use strict';\n${m.throws ? "throw new Error('this collector module fails to load');\n" : ''}module.exports = ${exports};\n`;
}

/** The argument for `c` and the module file it may name, with the module written under `dir`. */
function materialise(c: LoaderCase, dir: string): { readonly spec: string; readonly file: string } {
  let file = path.join(dir, 'm.js');
  let spec: string;
  switch (c.form) {
    case 'builtin': spec = c.builtin; break;
    case 'variant': spec = `incremental:${c.period}`; break;
    case 'unknown': spec = c.unknown; break;
    case 'bare':
      if (c.ext === 'cjs' || c.ext === 'jsx') file = path.join(dir, `m.${c.ext}`);
      spec = c.ext === 'none' ? 'm' : `m.${c.ext}`;
      break;
    case 'path': case 'pathZeal': {
      const rel = { absolute: file, dotSlash: './m.js', subdir: 'sub/m.js', noExt: 'sub/m', backslash: 'a\\m' }[c.style];
      if (c.style === 'subdir' || c.style === 'noExt') file = path.join(dir, 'sub', 'm.js');
      if (c.style === 'backslash') file = path.join(dir, 'a\\m.js');
      spec = c.form === 'pathZeal' ? `${rel}:${c.period}` : rel;
      break;
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, moduleSource(c.module));
  return { spec: `${c.prefix}${spec}${c.suffix}`, file };
}

function describe(r: GcRuntime): string {
  return JSON.stringify({ name: r.name, reclaims: r.reclaims, moving: r.moving, mutatorRunsBetweenIncrements: r.mutatorRunsBetweenIncrements, incrementalZeal: r.incrementalZeal });
}

let dirs = 0;

/**
 * The `loader` oracle: `load` (by default the CLI's loadCollector) given the case's argument,
 * read against a fresh directory holding the case's module, must do what the documented grammar
 * says (expectedLoad): refuse with a CollectorLoadError (exit 2) and nothing else, or return
 * exactly the runtime named: the built-in object itself; for `incremental:N` a runtime named so,
 * declared as the built-in `incremental` is, with zeal period N (none for 0) and the default
 * budget and seed, the same object each time
 * (what a reproducer's replay loads back); for a module the exported object itself; for `PATH:N`
 * a runtime inheriting from the exported one, named `<name>:N`, with period N and the module's
 * own budget and seed (else the default). Throws OracleFailure('loader') naming the argument.
 */
export function checkCollectorLoad(c: LoaderCase, load: CollectorLoader = loadCollector): void {
  const dir = path.join(os.tmpdir(), `gcfuzz-loader-${process.pid}-${dirs++}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const { spec, file } = materialise(c, dir);
  const expected = expectedLoad(c);
  const fail = (want: string, got: string): never => {
    throw new OracleFailure('loader', -1, want, got, `--collector ${JSON.stringify(spec)}`);
  };
  try {
    let got: GcRuntime;
    try {
      got = load(spec, dir);
    } catch (e) {
      if (expected.kind === 'refused' && e instanceof CollectorLoadError) return;
      return fail(expected.kind === 'refused' ? `a CollectorLoadError (${expected.why})` : `the ${expected.kind} collector`, `${e instanceof Error ? e.name : typeof e}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (expected.kind === 'refused') return fail(`a CollectorLoadError (${expected.why})`, `collector ${describe(got)}`);
    if (expected.kind === 'builtin') {
      if (got !== builtinCollectors[expected.name]) fail(`the built-in '${expected.name}'`, `collector ${describe(got)}`);
      return;
    }
    if (expected.kind === 'variant') {
      const b = builtinCollectors.incremental;
      const want = { name: spec, reclaims: b.reclaims, moving: b.moving, mutatorRunsBetweenIncrements: b.mutatorRunsBetweenIncrements, incrementalZeal: zealWith(undefined, expected.every) };
      const seen = { name: got.name, reclaims: got.reclaims, moving: got.moving, mutatorRunsBetweenIncrements: got.mutatorRunsBetweenIncrements, incrementalZeal: got.incrementalZeal };
      if (!isDeepStrictEqual(seen, want) || typeof got.newGcHeap !== 'function') fail(JSON.stringify(want), describe(got));
      if (load(spec, dir) !== got) fail('the same runtime on a second load (what a reproducer replays)', 'another object');
      return;
    }
    const exported = (require(file) as Record<string, GcRuntime>)[expected.key]!;
    if (expected.every === null) {
      if (got !== exported) fail(`the module's '${expected.key}' export itself`, `collector ${describe(got)}`);
      return;
    }
    const want = { name: `${exported.name}:${expected.every}`, incrementalZeal: zealWith(exported.incrementalZeal, expected.every) };
    const seen = { name: got.name, incrementalZeal: got.incrementalZeal };
    if (Object.getPrototypeOf(got) !== exported || !isDeepStrictEqual(seen, want)) fail(`the '${expected.key}' export with ${JSON.stringify(want)}`, describe(got));
  } finally {
    for (const f of [file, path.join(dir, 'm.js')]) delete require.cache[f];
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
