import { describe, expect, it } from 'vitest'
import { classifyReferrer } from './referrer.js'

const page = 'https://shop.example/products/42'

describe('classifyReferrer', () => {
  it.each([
    ['https://www.google.com/', 'search', 'www.google.com'],
    ['https://www.google.co.uk/search?q=mug', 'search', 'www.google.co.uk'],
    ['https://duckduckgo.com/', 'search', 'duckduckgo.com'],
    ['https://uk.search.yahoo.com/', 'search', 'uk.search.yahoo.com'],
    ['https://l.facebook.com/l.php?u=x', 'social', 'l.facebook.com'],
    ['https://t.co/abc', 'social', 't.co'],
    ['https://news.ycombinator.com/item?id=1', 'social', 'news.ycombinator.com'],
    ['https://shop.example/', 'internal', 'shop.example'],
    ['https://blog.example.org/post', 'other', 'blog.example.org'],
  ])('classifies %s as %s', (referrer, expected, host) => {
    expect(classifyReferrer(referrer, page, [])).toEqual({ class: expected, host })
  })

  it('calls a missing or empty referrer direct', () => {
    expect(classifyReferrer(undefined, page, [])).toEqual({ class: 'direct' })
    expect(classifyReferrer('', page, [])).toEqual({ class: 'direct' })
  })

  it('treats configured hosts as internal, with a leading dot for subdomains', () => {
    expect(classifyReferrer('https://checkout.pay.example/', page, ['.pay.example']).class).toBe(
      'internal'
    )
    expect(classifyReferrer('https://pay.example/', page, ['pay.example']).class).toBe('internal')
    expect(classifyReferrer('https://evilpay.example/', page, ['.pay.example']).class).toBe('other')
  })

  it('does not mistake a look-alike host for a search engine', () => {
    expect(classifyReferrer('https://notgoogle.com/', page, []).class).toBe('other')
    expect(classifyReferrer('https://google.com.evil.example/', page, []).class).toBe('other')
  })

  it('calls a referrer that is not a URL other, without a host', () => {
    expect(classifyReferrer('not a url', page, [])).toEqual({ class: 'other' })
  })
})
