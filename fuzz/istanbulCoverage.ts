import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The per-file counters of an istanbul coverage object (what jsfuzz's worker dumps to `.nyc_output/cov.json`). */
export interface IstanbulFileCounters {
  readonly s: Readonly<Record<string, number>>;
  readonly f: Readonly<Record<string, number>>;
  readonly b: Readonly<Record<string, readonly number[]>>;
}

export type IstanbulCoverage = Readonly<Record<string, IstanbulFileCounters>>;

/** Hit / total counts of one area. */
export interface HitCount {
  readonly hit: number;
  readonly total: number;
}

/** Coverage that jsfuzz's instrumentation saw, per source area (e.g. `src/runtime`). */
export interface AreaCoverage {
  readonly area: string;
  readonly files: number;
  readonly statements: HitCount;
  readonly functions: HitCount;
  readonly branches: HitCount;
}

/** The coverage jsfuzz dumped in `file`, or an empty object if there is none. */
export function readIstanbulCoverage(file: string): IstanbulCoverage {
  if (!existsSync(file)) return {};
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { s?: Record<string, number>; f?: Record<string, number>; b?: Record<string, number[]> }>;
  const out: Record<string, IstanbulFileCounters> = {};
  for (const [path, c] of Object.entries(raw)) out[path] = { s: c.s ?? {}, f: c.f ?? {}, b: c.b ?? {} };
  return out;
}

function unionCounts(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Counters of two runs over the same instrumented files, added. */
export function unionIstanbulCoverage(a: IstanbulCoverage, b: IstanbulCoverage): IstanbulCoverage {
  const out: Record<string, IstanbulFileCounters> = { ...a };
  for (const [path, c] of Object.entries(b)) {
    const prev = out[path];
    if (!prev) {
      out[path] = c;
      continue;
    }
    const branches: Record<string, number[]> = {};
    for (const k of new Set([...Object.keys(prev.b), ...Object.keys(c.b)])) {
      const x = prev.b[k] ?? [];
      const y = c.b[k] ?? [];
      branches[k] = Array.from({ length: Math.max(x.length, y.length) }, (_, i) => (x[i] ?? 0) + (y[i] ?? 0));
    }
    out[path] = { s: unionCounts(prev.s, c.s), f: unionCounts(prev.f, c.f), b: branches };
  }
  return out;
}

/** `src/runtime` for `<root>/dist/src/runtime/collectors/drc.js`; `oracles` for `<root>/dist/oracles/x.js`; `node_modules` for dependencies. */
export function sourceArea(file: string, root: string): string {
  const rel = relative(root, file).split(/[\\/]/);
  if (rel.includes('node_modules')) return 'node_modules';
  const parts = rel[0] === 'dist' ? rel.slice(1) : rel;
  if (parts.length <= 1) return parts[0] ?? file;
  return parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}` : (parts[0] ?? file);
}

function count(values: readonly number[]): HitCount {
  return { hit: values.filter((v) => v > 0).length, total: values.length };
}

function add(a: HitCount, b: HitCount): HitCount {
  return { hit: a.hit + b.hit, total: a.total + b.total };
}

/** Hit/total statements, functions and branches per source area, sorted by area. */
export function coverageByArea(cov: IstanbulCoverage, root: string): AreaCoverage[] {
  const areas = new Map<string, AreaCoverage>();
  for (const [file, c] of Object.entries(cov)) {
    const area = sourceArea(file, root);
    const prev = areas.get(area) ?? { area, files: 0, statements: { hit: 0, total: 0 }, functions: { hit: 0, total: 0 }, branches: { hit: 0, total: 0 } };
    areas.set(area, {
      area,
      files: prev.files + 1,
      statements: add(prev.statements, count(Object.values(c.s))),
      functions: add(prev.functions, count(Object.values(c.f))),
      branches: add(prev.branches, count(Object.values(c.b).flat())),
    });
  }
  return [...areas.values()].sort((a, b) => (a.area < b.area ? -1 : a.area > b.area ? 1 : 0));
}

/** jsfuzz's own counter over `cov`: hit statements + functions + branch arms. */
export function jsfuzzCounter(cov: IstanbulCoverage): number {
  let total = 0;
  for (const c of Object.values(cov)) {
    total += count(Object.values(c.s)).hit + count(Object.values(c.f)).hit + count(Object.values(c.b).flat()).hit;
  }
  return total;
}
