import { describe, expect, it } from 'vitest'
import { createUrlCleaner } from './clean-url.js'

describe('createUrlCleaner', () => {
  it('keeps campaign parameters by default and drops every other parameter and the fragment', () => {
    const cleanUrl = createUrlCleaner(['utm_*'])
    expect(
      cleanUrl('https://shop.example/a?email=x%40y.z&utm_source=news&token=t&utm_medium=mail#s')
    ).toBe('https://shop.example/a?utm_source=news&utm_medium=mail')
  })

  it('keeps exactly the names it is given, and prefixes ending in *', () => {
    const cleanUrl = createUrlCleaner(['ref', 'cmp_*'])
    expect(cleanUrl('https://s.example/?ref=p&refx=1&cmp_id=3&utm_source=n')).toBe(
      'https://s.example/?ref=p&cmp_id=3'
    )
  })

  it('keeps only the scheme of mailto: and tel: links, and nothing of what is not a URL', () => {
    const cleanUrl = createUrlCleaner(['utm_*'])
    expect(cleanUrl('mailto:ann@example.com')).toBe('mailto:')
    expect(cleanUrl('tel:+15550100')).toBe('tel:')
    expect(cleanUrl('')).toBe('')
    expect(cleanUrl('not a url')).toBe('')
  })
})
