import * as path from 'node:path';
import type { GcRuntime } from '../runtime/gcHeap';
import { builtinCollectors, incrementalZealVariant } from '../runtime/collectors/builtinCollectors';
import { loadCollector } from '../runtime/collectors/loadCollector';
import { CollectorLoadError } from '../errors/CollectorLoadError';

/** The collectors a session runs, and where each external one was loaded from. */
export interface CollectorSelection {
  /** As given on the command line: 'all', a built-in name, or a path. */
  readonly spec: string;
  readonly collectors: readonly GcRuntime[];
  /** Absolute module path of each collector loaded from a file, by collector name. */
  readonly paths: Readonly<Record<string, string>>;
}

/**
 * `--collector` resolution: 'all' is every built-in collector (null, drc, copying, incremental;
 * 'all:N' with incremental's zeal period N); a built-in name is that one; anything else is a path
 * to a compiled collector module (loadCollector; CollectorLoadError when it cannot be loaded).
 */
export function resolveCollectors(spec: string): CollectorSelection {
  return replayable(selectCollectors(spec));
}

function selectCollectors(spec: string): CollectorSelection {
  if (spec === 'all') return { spec, collectors: Object.values(builtinCollectors), paths: {} };
  const zealAll = /^all:(\d+)$/.exec(spec); // `--collector all --incremental-zeal N`
  if (zealAll !== null) return { spec, collectors: Object.values(builtinCollectors).map((c) => (c === builtinCollectors.incremental ? incrementalZealVariant(`incremental:${zealAll[1]}`)! : c)), paths: {} };
  const c = loadCollector(spec);
  const builtin = Object.values(builtinCollectors).includes(c) || incrementalZealVariant(spec) === c;
  return { spec, collectors: [c], paths: builtin ? {} : { [c.name]: path.resolve(spec) } };
}

/**
 * A finding's reproducer names its collectors (`collectors`, `collectorPaths`) and replay loads
 * them back by those names (resolveCollectorList): `selection` is returned only if each of its
 * collectors comes back under the same name, so that no session can write a reproducer that does
 * not replay (a built-in renamed, or a zeal variant not found again). CollectorLoadError otherwise.
 */
function replayable(selection: CollectorSelection): CollectorSelection {
  const names = selection.collectors.map((c) => c.name);
  let back: readonly GcRuntime[];
  try {
    back = resolveCollectorList(names, selection.paths, process.cwd());
  } catch (e) {
    throw new CollectorLoadError(`--collector ${selection.spec}: a reproducer naming its collectors (${names.join(', ')}) would not replay: ${e instanceof Error ? e.message : String(e)}`);
  }
  const lost = back.findIndex((c, i) => c.name !== names[i]);
  if (lost >= 0) throw new CollectorLoadError(`--collector ${selection.spec}: collector '${names[lost]}' replays as '${back[lost]!.name}'`);
  return selection;
}

/**
 * The collectors named in a reproducer: built-in names, or paths for external ones (relative
 * paths are read against `baseDir`, the reproducer's directory). `override` (`replay --collector`)
 * replaces the collector the failure was seen on, `failing`, or the only external one.
 */
export function resolveCollectorList(names: readonly string[], paths: Readonly<Record<string, string>>, baseDir: string, override?: { readonly failing: string; readonly spec: string }): GcRuntime[] {
  const replaced = override === undefined ? null : names.includes(override.failing) ? override.failing : (Object.keys(paths).length === 1 ? Object.keys(paths)[0]! : names[0]!);
  return names.map((n) => (n === replaced ? loadCollector(override!.spec) : loadCollector(paths[n] ?? n, baseDir)));
}
