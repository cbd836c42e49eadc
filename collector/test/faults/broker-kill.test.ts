import { expect, it } from 'vitest'
import { brokerKillScenario } from './scenarios.js'
import { describeReport, faultSettings } from './settings.js'

const settings = faultSettings().brokerKill

it(
  `loses no acknowledged event when the busiest partition's leader is SIGKILLed ${settings.kills} times`,
  async () => {
    const report = await brokerKillScenario(settings)
    console.info(describeReport(report))
    expect(report.acked).toBeGreaterThan(0)
    expect(report.lost).toBe(0)
    expect(report.exits).toEqual([{ code: 0, signal: null }])
  },
  settings.kills * 180_000 + 240_000
)
