import { readFileSync } from 'node:fs'

// Linux reports utime and stime in clock ticks; USER_HZ is 100 on every mainstream kernel build
// (getconf CLK_TCK), which is also what procps assumes.
const TICKS_PER_SECOND = 100

/**
 * CPU time (user + system) a process has used so far, in µs, from `/proc/<pid>/stat`; undefined
 * when it is not readable (another OS, a process gone). Measures processes the bench did not
 * write, like the Kafka broker's JVM.
 */
export function processCpuUs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return Number.isFinite(ticks) ? (ticks / TICKS_PER_SECOND) * 1e6 : undefined
  } catch {
    return undefined
  }
}

/**
 * Busy CPU time of the whole machine so far (every core: user, nice, system, irq, softirq,
 * steal), in µs, from `/proc/stat`; undefined when it is not readable. Minus what the bench's
 * own processes used, it shows how much other work shared the machine during a measurement.
 */
export function machineBusyUs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number)
    const ticks = user! + nice! + system! + irq! + softirq! + (steal ?? 0)
    return Number.isFinite(ticks) ? (ticks / TICKS_PER_SECOND) * 1e6 : undefined
  } catch {
    return undefined
  }
}
