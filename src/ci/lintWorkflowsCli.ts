import { relative, resolve } from 'node:path';
import { lintWorkflows } from './lintWorkflows';

/**
 * `npm run lint:workflows [-- DIR]`: actionlint and the no-expression-in-run rule over every
 * workflow in DIR (default .github/workflows). Prints `file:line:col: message [kind]` per problem;
 * exit 0 clean, 1 problems, 2 when the files cannot be read or the linter cannot start.
 */
async function main(): Promise<number> {
  const root = resolve(__dirname, '../../..');
  const dir = resolve(root, process.argv[2] ?? '.github/workflows');
  const { files, problems } = await lintWorkflows(dir);
  for (const p of problems) process.stdout.write(`${relative(root, p.file)}:${p.line}:${p.column}: ${p.message} [${p.kind}]\n`);
  process.stdout.write(`${files.length} workflow files checked, ${problems.length} problems\n`);
  return problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`lint:workflows: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
