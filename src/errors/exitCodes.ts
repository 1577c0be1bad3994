import { GcfuzzError } from './GcfuzzError';

/**
 * The exit codes of every gcfuzz command (README "Exit codes"). `interrupted` is 130, what a shell
 * reports for a process ended by SIGINT, and is used for SIGTERM too: a session stopped by a signal
 * before it found anything. A session that found something exits `finding` even when interrupted.
 */
export const EXIT = { clean: 0, finding: 1, usage: 2, internal: 3, interrupted: 130 } as const;

/** Whether `e` is the user's doing (bad flags, a corrupt file, a collector that does not load), not a harness bug. */
export function isInputError(e: unknown): e is GcfuzzError {
  return e instanceof GcfuzzError && (e.phase === 'usage' || e.phase === 'input');
}

/** The exit code for an error that ended a command: 2 for bad input, 3 for an internal error. */
export function exitCodeForError(e: unknown): number {
  return isInputError(e) ? EXIT.usage : EXIT.internal;
}

/**
 * Runs a command's async `main` and sets the process's exit code from its result, or from the
 * error that ended it (exitCodeForError): bad input prints its message, an internal error its stack.
 */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      const code = exitCodeForError(e);
      process.stderr.write(`${code === EXIT.usage ? (e as Error).message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = code;
    },
  );
}
