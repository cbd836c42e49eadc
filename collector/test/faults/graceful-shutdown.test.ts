import { expect, inject, it } from 'vitest'
// Brings in the type of `inject('kafkaBrokers')`, declared by the global setup.
import type {} from '../../../test/kafka-global-setup.js'
import { sigtermScenario } from './scenarios.js'
import { describeReport, faultSettings } from './settings.js'

const settings = faultSettings().sigterm
const brokers = inject('kafkaBrokers').split(',')

it(
  'finishes in-flight requests on SIGTERM, exits 0 and loses no acknowledged event',
  async () => {
    const report = await sigtermScenario(brokers, settings)
    console.info(describeReport(report), report.notes)
    expect(report.acked).toBeGreaterThan(0)
    expect(report.lost).toBe(0)
    expect(report.exits[0]).toEqual({ code: 0, signal: null })
  },
  settings.runMs + 240_000
)
