import { describe, expect, it } from 'vitest'
import { cleanUrl, pageViewData } from './page-views.js'

describe('cleanUrl', () => {
  it('keeps campaign parameters and drops every other parameter and the fragment', () => {
    expect(
      cleanUrl('https://shop.example/a?email=x%40y.z&utm_source=news&token=t&utm_medium=mail#s')
    ).toBe('https://shop.example/a?utm_source=news&utm_medium=mail')
  })

  it('answers an empty string for what is not a URL', () => {
    expect(cleanUrl('')).toBe('')
  })
})

describe('pageViewData', () => {
  it('describes the page with a clean URL and referrer', () => {
    const location = { href: 'https://shop.example/thanks?name=Ann', pathname: '/thanks' }
    const document = { title: ' Thanks · Shop ', referrer: 'https://shop.example/checkout?x=1' }
    expect(pageViewData(location, document, 'load')).toEqual({
      url: 'https://shop.example/thanks',
      path: '/thanks',
      navigation: 'load',
      title: 'Thanks · Shop',
      referrer: 'https://shop.example/checkout',
    })
  })

  it('leaves out an empty title and referrer', () => {
    const data = pageViewData(
      { href: 'https://shop.example/', pathname: '/' },
      { title: '', referrer: '' },
      'manual'
    )
    expect(data).toEqual({ url: 'https://shop.example/', path: '/', navigation: 'manual' })
  })
})
