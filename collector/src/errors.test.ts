import { REASONS } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import {
  CollectorError,
  ConfigError,
  isCollectorError,
  PublishError,
  RequestRejectedError,
  UnavailableError,
} from './errors.js'

describe('errors', () => {
  it('recognises every collector error, and nothing else, with isCollectorError', () => {
    const cause = new Error('root')
    for (const error of [
      new CollectorError('x', { code: 'x' }),
      new RequestRejectedError(REASONS.invalidJson, 'bad'),
      new UnavailableError(5, cause),
      new PublishError('down', cause),
      new ConfigError('PORT', 'bad'),
    ]) {
      expect(isCollectorError(error)).toBe(true)
    }
    expect(isCollectorError(new Error('x'))).toBe(false)
    expect(isCollectorError({ code: 'x' })).toBe(false)
    expect(isCollectorError(null)).toBe(false)
  })

  it('keeps the code, the cause and whether a retry may help', () => {
    const cause = new Error('root')
    expect(new PublishError('down', cause)).toMatchObject({
      code: 'publish_failed',
      cause,
      retriable: true,
    })
    expect(new RequestRejectedError(REASONS.emptyBatch, 'empty')).toMatchObject({
      code: 'empty_batch',
      retriable: false,
    })
  })

  it.each([
    [REASONS.invalidJson, 400],
    [REASONS.originNotAllowed, 403],
    [REASONS.payloadTooLarge, 413],
    [REASONS.unsupportedMediaType, 415],
  ] as const)('renders %s as HTTP %i with a JSON error body', async (reason, status) => {
    const response = new RequestRejectedError(reason, 'why').getResponse()
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.json()).toEqual({ error: reason, message: 'why' })
  })

  it('renders unavailability as 503 with Retry-After and without the cause', async () => {
    const response = new UnavailableError(7, new Error('secret broker detail')).getResponse()
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('7')
    const body = await response.text()
    expect(JSON.parse(body)).toMatchObject({ error: 'unavailable' })
    expect(body).not.toContain('secret')
  })
})
