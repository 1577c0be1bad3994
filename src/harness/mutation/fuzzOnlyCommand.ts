import { loaderTargetRuns, mutationCollectors } from './mutationCollector';

/** Budgets of the fuzz runs that are a mutant's only test. */
export interface FuzzOnlyBudget {
  readonly seed: number;
  readonly opsRuns: number;
  readonly wasmRuns: number;
  /** `--case-timeout` of each run: a mutant that hangs one case is a timeout finding (killed). */
  readonly caseTimeout: number;
}

/**
 * 50 ops and 15 wasm runs: on gcRef, typeInfo and gcTypes (105 mutants) at 100 + 30 runs every
 * kill's first finding came at ops run <= 34 or wasm run <= 7 (the per-mutant kill log), and
 * typeInfo re-run at 50 + 15 gave the same status for all 42 mutants, at about half the time a
 * survivor costs (a survivor runs the whole budget; a run's cases do not depend on --runs).
 */
export const DEFAULT_FUZZ_ONLY_BUDGET: FuzzOnlyBudget = { seed: 1, opsRuns: 50, wasmRuns: 15, caseTimeout: 10 };

/**
 * The shell command Stryker's command runner runs for each mutant of `file`: a fixed-seed,
 * fixed-budget `cli.js fuzz` of the ops target on each collector the file belongs to, then of the
 * wasm target on each, stopping at the first finding (a session ends at its first finding and
 * `--minimise-runs 0` skips its shrinking; `&&` skips the later runs). No unit test runs: exit 0
 * means the fuzzers saw nothing (survived), anything else that they did (killed).
 * With `killLog`, each run's `--json` summary is kept as `<killLog>/<mutant id>-<target>.json`
 * (Stryker's command runner names the active mutant in __STRYKER_ACTIVE_MUTANT__; `dry` in the
 * dry run): which target killed a mutant, at which run, by which oracle — what budgets and the
 * order of the runs are tuned from.
 */
export function fuzzOnlyCommand(node: string, file: string, budget: FuzzOnlyBudget, out: string, killLog?: string): string {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const runs: string[] = [];
  const logName = (target: string, collector: string): string =>
    killLog === undefined ? '> /dev/null 2>&1' : `--json > ${q(killLog)}/"\${__STRYKER_ACTIVE_MUTANT__:-dry}"-${target}-${collector.replace(/[^\w:.-]/g, '_')}.json 2> /dev/null`;
  const common = ['--seed', String(budget.seed)];
  // The loader target first: a second of runs, no collector, and it kills what ops and wasm cannot.
  const loaderRuns = loaderTargetRuns(file);
  if (loaderRuns > 0) {
    runs.push([q(node), 'dist/src/cli.js', 'fuzz', '--target', 'loader', ...common, '--runs', String(loaderRuns), '--workers', '1', '--minimise-runs', '0', '--case-timeout', String(budget.caseTimeout), '--out', q(out), logName('loader', 'none')].join(' '));
  }
  // The ops runs of every collector first: they kill most (every kill of typeInfo and all but one
  // of gcTypes), so a killed mutant rarely pays for a wasm run; a survivor runs everything anyway.
  for (const [target, n] of [['ops', budget.opsRuns], ['wasm', budget.wasmRuns]] as const) {
    for (const collector of mutationCollectors(file)) {
      if (n <= 0) continue;
      // A module path's slashes would make directories of the log's name (logName replaces them).
      runs.push([q(node), 'dist/src/cli.js', 'fuzz', '--target', target, '--collector', q(collector), ...common, '--runs', String(n), '--workers', '1', '--minimise-runs', '0', '--case-timeout', String(budget.caseTimeout), '--out', q(out), logName(target, collector)].join(' '));
    }
  }
  return runs.join(' && ');
}
