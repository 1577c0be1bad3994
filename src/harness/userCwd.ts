import * as path from 'node:path';

/**
 * The directory the user typed the command in. `npm run` starts scripts in the package root and
 * passes the user's directory as INIT_CWD, so relative paths given to `npm run fuzz -- ...` must be
 * read against INIT_CWD. Only when this process IS one of the npm scripts named in `scripts` (its
 * `npm_lifecycle_event`): a process that another script spawned (tests under `npm test`, the
 * nightly driver's jobs) inherits INIT_CWD but was given paths relative to its own working directory.
 */
export function userCwd(): string {
  const init = process.env['INIT_CWD'];
  const event = process.env['npm_lifecycle_event'];
  return init !== undefined && init !== '' && event !== undefined && CLI_SCRIPTS.includes(event) ? init : process.cwd();
}

/** The npm scripts whose own process reads paths the user typed (src/cli.ts, fuzz/fuzzCov.ts). */
export const CLI_SCRIPTS: readonly string[] = ['fuzz', 'replay', 'fuzz:cov'];

/** `p` resolved against the user's directory (userCwd). */
export function userPath(p: string): string {
  return path.resolve(userCwd(), p);
}

/** `file` as the user would type it: relative to their directory when inside it, else absolute. */
export function shownPath(file: string): string {
  const rel = path.relative(userCwd(), file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
