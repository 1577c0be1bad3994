import { Choices } from '../wasm/choices';

/**
 * One `--collector` argument and the module it may name: the loader target's case
 * (src/harness/targets/loaderTarget.ts). Every field is always present (those the form does not
 * use are ignored), so a case is plain JSON and any bytes name exactly one case.
 *
 * - `builtin`: a built-in name; `variant`: `incremental:<period>`; `unknown`: a word that names
 *   no collector; `path`: the module by path, in `style`; `pathZeal`: `<path>:<period>`;
 *   `bare`: the module's file name alone (no directory), with extension `ext`.
 * - `prefix`/`suffix`: junk around the argument, which no collector name or existing path has.
 * - `module`: the CommonJS module written for the path forms.
 */
export interface LoaderCase {
  readonly form: SpecForm;
  readonly builtin: (typeof BUILTIN_NAMES)[number];
  readonly unknown: (typeof UNKNOWN_WORDS)[number];
  /** Decimal digits: periods of 1-7 digits are accepted (leading zeros too), 8 are not. */
  readonly period: (typeof PERIODS)[number];
  readonly style: PathStyle;
  readonly ext: BareExt;
  readonly prefix: Junk;
  readonly suffix: Junk;
  readonly module: ModuleShape;
}

export const SPEC_FORMS = ['builtin', 'variant', 'unknown', 'path', 'pathZeal', 'bare'] as const;
export type SpecForm = (typeof SPEC_FORMS)[number];
export const BUILTIN_NAMES = ['null', 'drc', 'copying', 'incremental'] as const;
/** Near misses of collector names: `all` is resolveCollectors' word, not the loader's. */
export const UNKNOWN_WORDS = ['all', 'Drc', 'incremental:', 'incremental:-1', 'incremental:1.5', 'null:3', 'drc:13', 'nul'] as const;
export const PERIODS = ['13', '0', '2', '007', '1234567', '12345678'] as const;
/**
 * absolute `/dir/m.js`; dotSlash `./m.js`; subdir `sub/m.js`; noExt `sub/m` (Node resolves
 * `sub/m.js`); backslash `a\m` (a file named `a\m.js` on POSIX: a path by its backslash alone).
 */
export const PATH_STYLES = ['absolute', 'dotSlash', 'subdir', 'noExt', 'backslash'] as const;
export type PathStyle = (typeof PATH_STYLES)[number];
/** The bare file name's extension: `m.js`, `m.cjs` are paths; `m` (m.js exists) and `m.jsx` are not. */
export const BARE_EXTS = ['js', 'cjs', 'none', 'jsx'] as const;
export type BareExt = (typeof BARE_EXTS)[number];
export const JUNK = ['', 'x', ' ', '\n'] as const;
export type Junk = (typeof JUNK)[number];

/** The module written for the path forms; each field is right (first option) or wrong in one way. */
export interface ModuleShape {
  /** The module throws while loading. */
  readonly throws: boolean;
  /**
   * `both`: `default` is this shape and `collector` a valid runtime; `other`: a key the loader does
   * not read; `itself`: `module.exports` is the value (a runtime, null, a number, a function).
   */
  readonly exportAs: (typeof EXPORT_KEYS)[number];
  readonly value: (typeof VALUE_KINDS)[number];
  readonly name: (typeof NAME_FIELDS)[number];
  readonly reclaims: (typeof RECLAIMS_FIELDS)[number];
  readonly moving: (typeof MOVING_FIELDS)[number];
  readonly newGcHeap: (typeof HEAP_FIELDS)[number];
  /** `mutatorRunsBetweenIncrements`: only `true` itself allows a zeal period (`truthy` is 1). */
  readonly increments: (typeof INCREMENT_FIELDS)[number];
  /** The runtime carries its own `incrementalZeal` (whose budget and seed a period keeps). */
  readonly ownZeal: boolean;
}
export const EXPORT_KEYS = ['default', 'collector', 'both', 'other', 'itself'] as const;
export const VALUE_KINDS = ['object', 'null', 'number', 'function'] as const;
export const NAME_FIELDS = ['ok', 'empty', 'number', 'missing'] as const;
export const RECLAIMS_FIELDS = ['all', 'acyclic', 'nothing', 'some', 'missing'] as const;
export const MOVING_FIELDS = ['false', 'true', 'string', 'missing'] as const;
export const HEAP_FIELDS = ['function', 'object', 'missing'] as const;
export const INCREMENT_FIELDS = ['true', 'false', 'truthy', 'missing'] as const;

/** Each field's options, in the order `loaderCaseFromBytes` reads them. */
const MODULE_OPTIONS = {
  exportAs: EXPORT_KEYS,
  value: VALUE_KINDS,
  name: NAME_FIELDS,
  reclaims: RECLAIMS_FIELDS,
  moving: MOVING_FIELDS,
  newGcHeap: HEAP_FIELDS,
  increments: INCREMENT_FIELDS,
} as const;

/**
 * The case `bytes` name (past the end reads as zeros, so short inputs are the simplest case: the
 * built-in `null`). The path forms get half the weight and each module field is wrong one time in
 * seven (about half the modules are valid GcRuntimes, which every wrongly accepting loader needs).
 */
export function loaderCaseFromBytes(bytes: Uint8Array): LoaderCase {
  const r = new Choices(bytes);
  const form = SPEC_FORMS[r.weighted([2, 2, 1, 3, 3, 2])]!;
  const builtin = r.pick(BUILTIN_NAMES);
  const unknown = r.pick(UNKNOWN_WORDS);
  const period = r.pick(PERIODS);
  const style = r.pick(PATH_STYLES);
  const ext = r.pick(BARE_EXTS);
  const junk = (): Junk => (r.chance(0.2) ? JUNK[1 + r.int(JUNK.length - 1)]! : '');
  const prefix = junk();
  const suffix = junk();
  const throws = r.chance(0.1);
  // chance() is false on exhausted input, so each field's wrong options sit behind it.
  const field = <T>(options: readonly T[]): T => (r.chance(0.15) ? options[1 + r.int(options.length - 1)]! : options[0]!);
  const module: ModuleShape = {
    throws,
    exportAs: EXPORT_KEYS[r.weighted([3, 2, 2, 1, 1])]!,
    value: field(VALUE_KINDS),
    name: field(NAME_FIELDS),
    reclaims: r.chance(0.15) ? r.pick(RECLAIMS_FIELDS.slice(3)) : r.pick(RECLAIMS_FIELDS.slice(0, 3)),
    moving: r.chance(0.15) ? r.pick(MOVING_FIELDS.slice(2)) : r.pick(MOVING_FIELDS.slice(0, 2)),
    newGcHeap: field(HEAP_FIELDS),
    increments: field(INCREMENT_FIELDS),
    ownZeal: r.chance(0.5),
  };
  return { form, builtin, unknown, period, style, ext, prefix, suffix, module };
}

/** `json` as a case, or the first wrong field's name (deserialise turns it into a UsageError). */
export function loaderCaseFromJson(json: unknown): LoaderCase | string {
  const rec = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const c = rec(json);
  if (c === null) return 'case';
  const top: Record<string, readonly unknown[]> = { form: SPEC_FORMS, builtin: BUILTIN_NAMES, unknown: UNKNOWN_WORDS, period: PERIODS, style: PATH_STYLES, ext: BARE_EXTS, prefix: JUNK, suffix: JUNK };
  for (const [k, options] of Object.entries(top)) if (!options.includes(c[k])) return k;
  const m = rec(c['module']);
  if (m === null) return 'module';
  if (typeof m['throws'] !== 'boolean') return 'module.throws';
  if (typeof m['ownZeal'] !== 'boolean') return 'module.ownZeal';
  const fields: Record<string, readonly unknown[]> = { ...MODULE_OPTIONS, reclaims: RECLAIMS_FIELDS, moving: MOVING_FIELDS };
  for (const [k, options] of Object.entries(fields)) if (!options.includes(m[k])) return `module.${k}`;
  const known = new Set([...Object.keys(top), 'module']);
  const knownModule = new Set([...Object.keys(fields), 'throws', 'ownZeal']);
  const extra = Object.keys(c).find((k) => !known.has(k)) ?? Object.keys(m).map((k) => `module.${k}`).find((k) => !knownModule.has(k.slice(7)));
  return extra ?? (json as LoaderCase);
}
