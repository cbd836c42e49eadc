import os from 'node:os'

/** The machine a run measured, for the report's header. */
export interface Machine {
  cpuModel: string
  cores: number
  memoryGiB: number
  node: string
  os: string
  /** 1, 5 and 15-minute load averages when the run started. */
  loadAverage: number[]
}

/** Describes this machine now. */
export function describeMachine(): Machine {
  const cpus = os.cpus()
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg(),
  }
}
