/**
 * Runs `tasks` with at most `concurrency` in flight, starting them in order; resolves to their
 * results in task order. A task that rejects rejects the pool only after the others finish.
 */
export async function runPool<T>(tasks: readonly (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      const task = tasks[i];
      if (!task) continue;
      try {
        results[i] = await task();
      } catch (error: unknown) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}
