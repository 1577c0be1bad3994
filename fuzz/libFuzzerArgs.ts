import { UsageError } from '../src/errors/UsageError';

/** libFuzzer's flags that fuzz:cov accepts, and the option each one means. */
const LIBFUZZER_FLAGS: Readonly<Record<string, string>> = { runs: 'runs', max_total_time: 'max-total-time', timeout: 'input-timeout' };

/**
 * Rewrites libFuzzer-style flags (`-runs=N`, `-max_total_time=S`, `-timeout=S`) as the
 * `--runs N` ... options fuzz:cov defines, so commands people type for libFuzzer work; any other
 * `-name=value` is a UsageError naming the ones accepted; every other argument passes through.
 */
export function libFuzzerArgs(args: readonly string[]): string[] {
  return args.flatMap((a) => {
    const m = /^-([a-z_]+)=(.*)$/.exec(a);
    if (m?.[1] === undefined || m[2] === undefined) return [a];
    const option = LIBFUZZER_FLAGS[m[1]];
    if (option === undefined) throw new UsageError(`unknown libFuzzer flag -${m[1]}=: fuzz:cov accepts ${Object.keys(LIBFUZZER_FLAGS).map((f) => `-${f}=`).join(', ')}`);
    return [`--${option}`, m[2]];
  });
}
