import * as path from 'node:path';
import { CollectorLoadError } from '../../errors/CollectorLoadError';
import type { GcRuntime } from '../gcHeap';
import { builtinCollectors, incrementalZealVariant, type BuiltinCollectorName } from './builtinCollectors';
import { withIncrementalZealPeriod } from './incrementalCollector';

/** Structural check that a module export is a usable GcRuntime (docs/collector-api.md). */
export function isGcRuntime(x: unknown): x is GcRuntime {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r['name'] === 'string' && r['name'] !== ''
    && (r['reclaims'] === 'nothing' || r['reclaims'] === 'acyclic' || r['reclaims'] === 'all')
    && typeof r['moving'] === 'boolean'
    && typeof r['newGcHeap'] === 'function';
}

/**
 * The collector named on the command line: a built-in name ('null', 'drc', 'copying', 'incremental',
 * 'incremental:N' for its zeal period N) or a path (absolute, or relative to `baseDir`, by default
 * the working directory) to a compiled JS module whose `default` or `collector` export is a
 * GcRuntime; `PATH:N` is that collector with incremental zeal period N (`--incremental-zeal`). Anything else is a CollectorLoadError (the CLI's exit code 2).
 */
export function loadCollector(nameOrPath: string, baseDir: string = process.cwd()): GcRuntime {
  if (Object.prototype.hasOwnProperty.call(builtinCollectors, nameOrPath)) {
    return builtinCollectors[nameOrPath as BuiltinCollectorName];
  }
  const variant = incrementalZealVariant(nameOrPath);
  if (variant !== null) return variant;
  const zealed = /^(.+\.(?:c?js|mjs)):(\d{1,7})$/.exec(nameOrPath); // a module path with an incremental zeal period
  if (zealed !== null) {
    const c = loadCollector(zealed[1]!, baseDir);
    if (c.mutatorRunsBetweenIncrements !== true) throw new CollectorLoadError(`collector '${c.name}' (${zealed[1]}) has no incremental zeal: its mutator does not run between increments`);
    return withIncrementalZealPeriod(c, Number(zealed[2]));
  }
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes('\\') || /\.(c?js|mjs)$/.test(nameOrPath);
  if (!looksLikePath) {
    throw new CollectorLoadError(`unknown collector '${nameOrPath}': use one of ${Object.keys(builtinCollectors).join(', ')} or a path to a collector module`);
  }
  const file = path.resolve(baseDir, nameOrPath);
  let mod: unknown;
  try {
    mod = require(file);
  } catch (e) {
    throw new CollectorLoadError(`cannot load collector module ${file}: ${(e as Error).message}`);
  }
  const m = (typeof mod === 'object' && mod !== null ? mod : {}) as Record<string, unknown>;
  for (const candidate of [m['default'], m['collector']]) if (isGcRuntime(candidate)) return candidate;
  throw new CollectorLoadError(`collector module ${file} has no 'default' or 'collector' export implementing GcRuntime (name, reclaims, moving, newGcHeap)`);
}
