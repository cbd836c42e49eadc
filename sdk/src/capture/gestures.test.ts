import { describe, expect, it } from 'vitest'
import { DOUBLE_TAP_MS, LONG_PRESS_MS, recognize, type GestureTrack } from './gestures.js'

const track = (
  to: [number, number][],
  from: [number, number][] = [[100, 100]],
  start = 0
): GestureTrack => ({
  pageX: 100.4,
  pageY: 1200.6,
  start,
  from,
  to,
})

describe('recognize', () => {
  it('sees a tap, and a double tap when a second tap follows closely', () => {
    expect(recognize(track([[102, 101]]), 80)).toEqual({
      gesture: 'tap',
      x: 100,
      y: 1201,
      durationMs: 80,
    })
    const lastTap = { at: 80, x: 100, y: 1201 }
    expect(recognize(track([[100, 100]], undefined, 200), 260, lastTap)!.gesture).toBe('double_tap')
    expect(
      recognize(track([[100, 100]], undefined, 80 + DOUBLE_TAP_MS + 1), 500, lastTap)!.gesture
    ).toBe('tap')
    expect(
      recognize(track([[100, 100]], undefined, 200), 260, { ...lastTap, x: 300 })!.gesture
    ).toBe('tap')
  })

  it('sees a long press when the finger stays', () => {
    expect(recognize(track([[104, 103]]), LONG_PRESS_MS)).toEqual({
      gesture: 'long_press',
      x: 100,
      y: 1201,
      durationMs: LONG_PRESS_MS,
    })
  })

  it('sees a swipe in its dominant direction with distance and velocity', () => {
    expect(recognize(track([[-100, 120]]), 250)).toEqual({
      gesture: 'swipe',
      x: 100,
      y: 1201,
      durationMs: 250,
      direction: 'left',
      distance: 201,
      velocity: 0.8,
    })
    for (const [to, direction] of [
      [[300, 90], 'right'],
      [[110, -50], 'up'],
      [[90, 400], 'down'],
    ] as const)
      expect(recognize(track([to as [number, number]]), 100)!.direction).toBe(direction)
  })

  it('sees a pinch from the change of distance between two fingers', () => {
    const from: [number, number][] = [
      [100, 100],
      [200, 100],
    ]
    expect(
      recognize(
        track(
          [
            [50, 100],
            [250, 100],
          ],
          from
        ),
        300
      )
    ).toMatchObject({ gesture: 'pinch', scale: 2 })
    expect(
      recognize(
        track(
          [
            [125, 100],
            [175, 100],
          ],
          from
        ),
        300
      )
    ).toMatchObject({ gesture: 'pinch', scale: 0.5 })
    expect(
      recognize(
        track(
          [
            [101, 100],
            [203, 100],
          ],
          from
        ),
        300
      )
    ).toBeUndefined()
  })
})
