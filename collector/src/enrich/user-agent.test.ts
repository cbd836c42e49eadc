import { describe, expect, it } from 'vitest'
import { createUserAgentParser, parseUserAgent } from './user-agent.js'

const chromeWindows =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const chromeAndroid =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'
const iphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'

describe('parseUserAgent', () => {
  it('reads browser, OS and device from the user agent string', () => {
    expect(parseUserAgent(iphone)).toEqual({
      browser: 'Mobile Safari',
      browserVersion: '17.4',
      os: 'iOS',
      osVersion: '17.4',
      deviceType: 'mobile',
      deviceVendor: 'Apple',
      deviceModel: 'iPhone',
      bot: false,
    })
  })

  it('calls a device without a type a desktop', () => {
    expect(parseUserAgent(chromeWindows)).toMatchObject({
      browser: 'Chrome',
      os: 'Windows',
      osVersion: '10',
      deviceType: 'desktop',
    })
  })

  it('lets client hints correct what the reduced user agent hides', () => {
    const info = parseUserAgent(chromeAndroid, {
      brands: '"Chromium";v="131", "Not_A Brand";v="24", "Google Chrome";v="131"',
      fullVersionList: '"Chromium";v="131.0.6778.39", "Google Chrome";v="131.0.6778.39"',
      mobile: '?1',
      platform: '"Android"',
      platformVersion: '"14.0.0"',
      model: '"Pixel 7"',
    })
    expect(info).toMatchObject({
      browser: 'Google Chrome',
      browserVersion: '131.0.6778.39',
      os: 'Android',
      osVersion: '14.0.0',
      deviceType: 'mobile',
      deviceModel: 'Pixel 7',
    })
  })

  it('tells Windows 11 from 10 by the platform version hint', () => {
    const hints = { platform: '"Windows"' }
    expect(parseUserAgent(chromeWindows, { ...hints, platformVersion: '"15.0.0"' }).osVersion).toBe(
      '11'
    )
    expect(parseUserAgent(chromeWindows, { ...hints, platformVersion: '"10.0.0"' }).osVersion).toBe(
      '10'
    )
  })

  it('flags bots', () => {
    expect(parseUserAgent('Googlebot/2.1 (+http://www.google.com/bot.html)').bot).toBe(true)
    expect(parseUserAgent(chromeWindows).bot).toBe(false)
  })

  it('knows nothing of an empty user agent', () => {
    expect(parseUserAgent('')).toEqual({ bot: false })
  })
})

describe('createUserAgentParser', () => {
  it('returns the cached result for the same user agent and hints', () => {
    const parse = createUserAgentParser(10)
    const first = parse(chromeWindows, {})
    expect(parse(chromeWindows, {})).toBe(first)
    expect(parse(chromeWindows, { platformVersion: '"15.0.0"', platform: '"Windows"' })).not.toBe(
      first
    )
  })

  it('keeps at most cacheSize results', () => {
    const parse = createUserAgentParser(1)
    const first = parse(chromeWindows, {})
    parse(iphone, {})
    expect(parse(chromeWindows, {})).not.toBe(first)
    expect(parse(chromeWindows, {})).toEqual(first)
  })
})
