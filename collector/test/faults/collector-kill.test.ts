import { expect, it } from 'vitest'
import { collectorKillScenario } from './scenarios.js'
import { describeReport, faultSettings } from './settings.js'

const settings = faultSettings().collectorKill

it(
  'replays the spool of a collector SIGKILLed while spooling, skipping a torn append, and loses nothing',
  async () => {
    const report = await collectorKillScenario(settings)
    console.info(describeReport(report), report.notes)
    expect(report.spooled).toBeGreaterThan(0)
    expect(report.tornBytes).toBe(37)
    expect(report.acked).toBeGreaterThan(0)
    expect(report.lost).toBe(0)
    expect(report.exits).toEqual([
      { code: null, signal: 'SIGKILL' },
      { code: 0, signal: null },
    ])
  },
  settings.spoolingMs + settings.restartedMs + 420_000
)
