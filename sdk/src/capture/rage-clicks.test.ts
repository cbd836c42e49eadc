import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ClickData } from '@clickstream/schema'
import { createRageClicks, RAGE_GAP_MS } from './rage-clicks.js'

// The detector listens on `window` for the page going away; the test's `on` ignores it.
beforeEach(() => {
  vi.stubGlobal('window', {})
})
afterEach(() => {
  vi.unstubAllGlobals()
})

const setup = () => {
  const emitted: unknown[] = []
  let pending: (() => void) | undefined
  let clock = 0
  const detect = createRageClicks(
    (_type, data) => void emitted.push(data),
    () => {},
    (callback) => (pending = callback),
    () => clock
  )
  const click = (x: number, y: number, at: number) => {
    const data: ClickData = { element: { tag: 'button', selector: '#b' }, x, y }
    clock = at
    detect(data, at)
  }
  /** Time passes: the detector's timer fires once the last click is a gap old. */
  const pause = () => {
    clock += RAGE_GAP_MS
    pending?.()
  }
  return { emitted, click, pause }
}

describe('createRageClicks', () => {
  it('reports one rage click, with the count, when a series of three or more on one spot ends', () => {
    const { emitted, click, pause } = setup()
    click(100, 100, 0)
    click(110, 95, 300)
    click(105, 100, 600)
    click(100, 108, 900)
    expect(emitted).toEqual([])
    pause()
    expect(emitted).toEqual([
      { element: { tag: 'button', selector: '#b' }, x: 100, y: 100, clicks: 4 },
    ])
  })

  it('does not count two clicks, slow clicks or clicks elsewhere', () => {
    const { emitted, click, pause } = setup()
    click(100, 100, 0)
    click(100, 100, 200)
    click(400, 100, 400)
    click(400, 100, 400 + RAGE_GAP_MS + 1)
    click(400, 100, 2 * RAGE_GAP_MS + 402)
    pause()
    expect(emitted).toEqual([])
  })

  it('ends a series when a click lands elsewhere', () => {
    const { emitted, click } = setup()
    for (let i = 0; i < 3; i++) click(100, 100, i * 100)
    click(500, 500, 400)
    expect(emitted).toHaveLength(1)
  })
})
