import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { checkProducerSettings } from './producer-settings.js'

describe('checkProducerSettings', () => {
  it('accepts the safe settings, spelled either way, and unset ones', () => {
    expect(() => checkProducerSettings({})).not.toThrow()
    for (const acks of ['all', '-1', -1]) {
      expect(() =>
        checkProducerSettings({ acks, idempotent: true, maxInFlightRequests: 1 })
      ).not.toThrow()
    }
  })

  it('refuses every setting that could lose, duplicate or reorder events, naming it', () => {
    const cases = [
      [{ acks: 1 }, 'acks', /must be "all"/],
      [{ acks: '0' }, 'acks', /must be "all"/],
      [{ idempotent: false }, 'idempotent', /must be true/],
      [{ maxInFlightRequests: 5 }, 'maxInFlightRequests', /must be 1/],
    ] as const
    for (const [settings, variable, message] of cases) {
      let error: unknown
      try {
        checkProducerSettings(settings)
      } catch (thrown) {
        error = thrown
      }
      expect(error).toBeInstanceOf(ConfigError)
      expect(error).toMatchObject({ variable, message: expect.stringMatching(message) })
    }
  })

  it('names the environment variable the value came from', () => {
    const names = {
      acks: 'KAFKA_ACKS',
      idempotent: 'KAFKA_IDEMPOTENT',
      maxInFlightRequests: 'KAFKA_MAX_IN_FLIGHT_REQUESTS',
    }
    expect(() => checkProducerSettings({ acks: '1' }, names)).toThrow(/^KAFKA_ACKS: /)
  })
})
