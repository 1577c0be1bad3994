/**
 * The environment for a process that runs istanbul-instrumented code: without NODE_V8_COVERAGE,
 * because V8 coverage of instrumented sources cannot be mapped back to the files on disk and would
 * corrupt a surrounding c8 report.
 */
export function instrumentedEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_V8_COVERAGE;
  return env;
}
