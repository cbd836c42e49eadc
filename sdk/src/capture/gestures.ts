import type { GestureData } from '@clickstream/schema'
import { EVENT_TYPES } from '@clickstream/schema/constants'
import type { CaptureContext } from './context.js'
import { clickedElement } from './clicks.js'

/** A touch that travels this far (CSS pixels) is a swipe, not a tap. */
export const SWIPE_MIN_PX = 30
/** A touch held this long without travelling is a long press. */
export const LONG_PRESS_MS = 500
/** A second tap this soon after the first, and this close to it, makes a double tap. */
export const DOUBLE_TAP_MS = 300
export const DOUBLE_TAP_PX = 30
/** Fingers that moved apart or together by this factor (either way) pinched. */
export const PINCH_MIN = 1.1

/** One touch gesture as far as it is measured: where and when it started, where it is now. */
export interface GestureTrack {
  /** Page coordinates of the start. */
  pageX: number
  pageY: number
  start: number
  /** Screen positions of the (first two) fingers at the start and now: browser zoom leaves them. */
  from: [number, number][]
  to: [number, number][]
}

/** The last tap, for double taps. */
export interface Tap {
  at: number
  x: number
  y: number
}

const round2 = (n: number) => Math.round(n * 100) / 100
const distance = ([a, b]: [number, number][]) => (a && b ? Math.hypot(a[0] - b[0], a[1] - b[1]) : 0)

/**
 * What a finished touch gesture was, without its element: a pinch when two fingers changed their
 * distance by `PINCH_MIN`, else a swipe when the first finger travelled `SWIPE_MIN_PX`, else a
 * long press or a tap, a double tap when it follows `lastTap` closely. Undefined for two fingers
 * that did not pinch.
 */
export const recognize = (
  track: GestureTrack,
  end: number,
  lastTap?: Tap
): Omit<GestureData, 'element'> | undefined => {
  const durationMs = Math.max(0, Math.round(end - track.start))
  const base = { x: Math.round(track.pageX), y: Math.round(track.pageY), durationMs }
  if (track.from.length > 1) {
    const scale = distance(track.to) / distance(track.from)
    return scale >= PINCH_MIN || scale <= 1 / PINCH_MIN
      ? { gesture: 'pinch', ...base, scale: Math.max(0.01, round2(scale)) }
      : undefined
  }
  const dx = track.to[0]![0] - track.from[0]![0]
  const dy = track.to[0]![1] - track.from[0]![1]
  const travelled = Math.hypot(dx, dy)
  if (travelled >= SWIPE_MIN_PX) {
    return {
      gesture: 'swipe',
      ...base,
      direction: Math.abs(dx) > Math.abs(dy) ? (dx < 0 ? 'left' : 'right') : dy < 0 ? 'up' : 'down',
      distance: Math.round(travelled),
      velocity: round2(travelled / Math.max(1, durationMs)),
    }
  }
  if (durationMs >= LONG_PRESS_MS) return { gesture: 'long_press', ...base }
  const double =
    lastTap &&
    track.start - lastTap.at <= DOUBLE_TAP_MS &&
    Math.hypot(base.x - lastTap.x, base.y - lastTap.y) <= DOUBLE_TAP_PX
  return { gesture: double ? 'double_tap' : 'tap', ...base }
}

/**
 * Listens for touch gestures and emits `clickstream.gesture` when the last finger lifts. Pointer
 * Events tell touch from mouse and pen (`pointerType`), which stay clicks: a gesture starts at a
 * touch `pointerdown`. The fingers are then followed with touch events, because a browser that
 * takes a touch over to scroll or zoom the page cancels its pointers (`pointercancel`) and sends
 * no more pointer events, while touch events go on: a swipe that scrolls and a pinch that zooms
 * are still recognised. Mouse input never fires a touch event, so it costs nothing here.
 */
export const captureGestures = ({ emit, on, describe }: CaptureContext): void => {
  let track: GestureTrack | undefined
  let element: Element | undefined
  let lastTap: Tap | undefined
  /** Screen positions of the first two fingers, as the touch events report them. */
  const fingers = (event: TouchEvent) =>
    Array.from(event.touches)
      .slice(0, 2)
      .map((touch): [number, number] => [touch.screenX, touch.screenY])

  on(document, 'pointerdown', (event: PointerEvent) => {
    if (event.pointerType !== 'touch' || track) return
    const target = event.target as Partial<Element>
    element = target.closest && clickedElement(target as Element)
    const at: [number, number] = [event.screenX, event.screenY]
    track = { pageX: event.pageX, pageY: event.pageY, start: event.timeStamp, from: [at], to: [at] }
  })
  on(document, 'touchstart', (event: TouchEvent) => {
    // A second finger: the pinch is measured from here.
    if (track && event.touches.length > 1) track.from = track.to = fingers(event)
  })
  on(document, 'touchmove', (event: TouchEvent) => {
    if (track) track.to = fingers(event).slice(0, track.from.length)
  })
  const lifted = (event: TouchEvent) => {
    if (!track || event.touches.length) return
    const data = element && recognize(track, event.timeStamp, lastTap)
    if (data) {
      lastTap = data.gesture === 'tap' ? { at: event.timeStamp, x: data.x, y: data.y } : undefined
      emit(EVENT_TYPES.gesture, { ...data, element: describe(element!) })
    }
    track = undefined
  }
  on(document, 'touchend', lifted)
  on(document, 'touchcancel', lifted)
}
