import { EVENT_TYPES, validateEvent } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { decodePixel } from './decode-pixel.js'

const receivedAt = Date.parse('2026-11-27T10:00:02.000Z')
const pixel = (query: string, referer?: string) =>
  decodePixel({ query: new URLSearchParams(query), referer, newId: 'new-id', receivedAt })

describe('decodePixel', () => {
  it('maps a bare pixel on a page to a valid page view of that page', () => {
    const event = pixel('', 'https://shop.example/products/42?utm_source=x')
    expect(event).toEqual({
      specversion: '1.0',
      id: 'new-id',
      type: EVENT_TYPES.pageView,
      time: '2026-11-27T10:00:02.000Z',
      datacontenttype: 'application/json',
      source: 'https://shop.example',
      subject: '/products/42',
      data: { url: 'https://shop.example/products/42?utm_source=x', path: '/products/42' },
    })
    expect(validateEvent(event)).toMatchObject({ ok: true, known: true })
  })

  it('reads site, url, title, referrer and the ids from the query', () => {
    const event = pixel(
      'site=newsletter&url=https://shop.example/a&title=A&ref=https://mail.example/&id=e1&aid=a1&sid=s1&uid=u1'
    )
    expect(event).toMatchObject({
      id: 'e1',
      source: 'newsletter',
      anonymousid: 'a1',
      sessionid: 's1',
      userid: 'u1',
      data: {
        url: 'https://shop.example/a',
        path: '/a',
        title: 'A',
        referrer: 'https://mail.example/',
      },
    })
  })

  it('maps type=action to a custom action with string properties, like an e-mail open', () => {
    const event = pixel('site=newsletter&type=action&name=email_open&prop.campaign=bf&prop.n=2')
    expect(event).toMatchObject({
      type: EVENT_TYPES.action,
      source: 'newsletter',
      data: { name: 'email_open', properties: { campaign: 'bf', n: '2' } },
    })
    expect(validateEvent(event)).toMatchObject({ ok: true })
  })

  it('passes a full custom type with the properties as data', () => {
    expect(pixel('site=s&type=shop.coupon_seen&prop.code=X')).toMatchObject({
      type: 'shop.coupon_seen',
      data: { code: 'X' },
    })
  })

  it('leaves out the source when neither site nor a page is known, so validation rejects it', () => {
    const event = pixel('type=action&name=open')
    expect(event).not.toHaveProperty('source')
    expect(validateEvent(event)).toMatchObject({ ok: false })
  })
})
