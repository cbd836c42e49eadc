import { expect, it } from 'vitest'
import { kafkaOutageScenario } from './scenarios.js'
import { describeReport, faultSettings } from './settings.js'

const settings = faultSettings().kafkaOutage

it(
  'answers 2xx only for spooled events and 503 otherwise while every broker is down, and loses none',
  async () => {
    const report = await kafkaOutageScenario(settings)
    console.info(describeReport(report), report.answers)
    expect(report.lost).toBe(0)
    // Spooled (200) or refused with Retry-After (503): nothing else, not even a timeout.
    expect(Object.keys(report.answers).sort()).toEqual(['200', '503'])
    expect(report.spooled).toBeGreaterThan(0)
    // Bounded: the produce queue and the spool hold the backlog, not the heap.
    expect(report.peakRssBytes).toBeLessThan(512 * 1024 * 1024)
    expect(report.exits).toEqual([{ code: 0, signal: null }])
  },
  settings.outageMs + 420_000
)
