import * as fs from 'node:fs';

/** Clock ticks per second of /proc's utime/stime (USER_HZ: 100 on every Linux architecture Node supports). */
const USER_HZ = 100;

/**
 * The calling thread's id in /proc/self/task (Linux), or 0 where there is no /proc: a worker
 * thread reports it so another thread can read its CPU time (threadCpuMs).
 */
export function ownThreadId(): number {
  try {
    const m = /task\/(\d+)$/.exec(fs.readlinkSync('/proc/thread-self'));
    return m === null ? 0 : Number(m[1]);
  } catch {
    return 0;
  }
}

/**
 * CPU time (user + system, ms, 10 ms resolution) thread `tid` of this process has used, read from
 * /proc/self/task/<tid>/stat (proc(5): fields 14 and 15); null when it cannot be read (no /proc,
 * or the thread has ended). Unlike wall-clock time it does not grow while the thread waits for a
 * core, so it tells a hang from a slow case the same way on a loaded machine as on an idle one.
 */
export function threadCpuMs(tid: number): number | null {
  if (tid <= 0) return null;
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may contain spaces: count from the last ')'.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(f[11]);
  const stime = Number(f[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? ((utime + stime) * 1000) / USER_HZ : null;
}
