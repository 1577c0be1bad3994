import { mutationCollectors } from './mutationCollector';

/** Budgets of the fuzz runs that are a mutant's only test. */
export interface FuzzOnlyBudget {
  readonly seed: number;
  readonly opsRuns: number;
  readonly wasmRuns: number;
  /** `--case-timeout` of each run: a mutant that hangs one case is a timeout finding (killed). */
  readonly caseTimeout: number;
}

export const DEFAULT_FUZZ_ONLY_BUDGET: FuzzOnlyBudget = { seed: 1, opsRuns: 100, wasmRuns: 30, caseTimeout: 10 };

/**
 * The shell command Stryker's command runner runs for each mutant of `file`: a fixed-seed,
 * fixed-budget `cli.js fuzz` of the ops target, then of the wasm target, on each collector the
 * file belongs to, stopping at the first finding (a session ends at its first finding and
 * `--minimise-runs 0` skips its shrinking; `&&` skips the later runs). No unit test runs: exit 0
 * means the fuzzers saw nothing (survived), anything else that they did (killed).
 */
export function fuzzOnlyCommand(node: string, file: string, budget: FuzzOnlyBudget, out: string): string {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const runs: string[] = [];
  for (const collector of mutationCollectors(file)) {
    for (const [target, n] of [['ops', budget.opsRuns], ['wasm', budget.wasmRuns]] as const) {
      if (n <= 0) continue;
      runs.push([q(node), 'dist/src/cli.js', 'fuzz', '--target', target, '--collector', collector, '--seed', String(budget.seed), '--runs', String(n), '--workers', '1', '--minimise-runs', '0', '--case-timeout', String(budget.caseTimeout), '--out', q(out), '> /dev/null 2>&1'].join(' '));
    }
  }
  return runs.join(' && ');
}
