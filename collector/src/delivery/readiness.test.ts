import { describe, expect, it } from 'vitest'
import { readinessOf } from './readiness.js'

describe('readinessOf', () => {
  it('is ready while Kafka or the spool can take events', () => {
    expect(readinessOf({ kafka: 'available', spool: 'full' }).ready).toBe(true)
    expect(readinessOf({ kafka: 'unavailable', spool: 'available' }).ready).toBe(true)
    expect(readinessOf({ kafka: 'available', spool: 'off' }).ready).toBe(true)
  })

  it('is not ready when neither can, or while stopping', () => {
    expect(readinessOf({ kafka: 'unavailable', spool: 'full' }).ready).toBe(false)
    expect(readinessOf({ kafka: 'unavailable', spool: 'failed' }).ready).toBe(false)
    expect(readinessOf({ kafka: 'unavailable', spool: 'off' }).ready).toBe(false)
    expect(readinessOf({ kafka: 'available', spool: 'available', stopping: true }).ready).toBe(
      false
    )
  })

  it('counts only the spool behind a backlog, where new events must queue up', () => {
    expect(readinessOf({ kafka: 'available', spool: 'full', backlog: true })).toEqual({
      ready: false,
      kafka: 'available',
      spool: 'full',
      backlog: true,
    })
  })
})
