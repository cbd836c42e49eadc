import { describe, expect, it } from 'vitest'
import { campaignOf } from './campaign.js'

describe('campaignOf', () => {
  it('reads every UTM parameter', () => {
    const url =
      'https://shop.example/?utm_source=newsletter&utm_medium=email&utm_campaign=black%20friday&utm_term=mug&utm_content=banner#top'
    expect(campaignOf(url)).toEqual({
      source: 'newsletter',
      medium: 'email',
      campaign: 'black friday',
      term: 'mug',
      content: 'banner',
    })
  })

  it('matches names case-insensitively and keeps the first of repeated ones', () => {
    expect(campaignOf('https://a.example/?UTM_Source=x&utm_source=y')).toEqual({ source: 'x' })
  })

  it('answers undefined without UTM parameters or with empty ones', () => {
    expect(campaignOf('https://shop.example/products/42')).toBeUndefined()
    expect(campaignOf('https://shop.example/?q=utm_source')).toBeUndefined()
    expect(campaignOf('https://shop.example/?utm_source=')).toBeUndefined()
    expect(campaignOf(undefined)).toBeUndefined()
  })

  it('cuts long values', () => {
    expect(campaignOf(`https://a.example/?utm_campaign=${'x'.repeat(300)}`)?.campaign).toHaveLength(
      256
    )
  })
})
