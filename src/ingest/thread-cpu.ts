/**
 * CPU seconds used by the calling thread (user + system), from /proc/thread-self/stat on Linux
 * (10 ms resolution); undefined elsewhere. `process.cpuUsage()` counts every thread of the
 * process, so it cannot tell a worker's CPU from the main thread's.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc times (USER_HZ: 100 on Linux). */
const TICKS = 100;

export function threadCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    // fields after "pid (comm)": state is the first, utime the 12th, stime the 13th
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    return Number.isFinite(ticks) ? ticks / TICKS : undefined;
  } catch {
    return undefined;
  }
}
