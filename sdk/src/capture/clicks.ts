import type { ActionData, ClickData } from '@clickstream/schema'
import { EVENT_TYPES } from '@clickstream/schema/constants'
import type { AutocaptureOptions } from '../options.js'
import type { CaptureContext } from './context.js'
import { createDeadClicks } from './dead-clicks.js'
import { dataAttributes, IGNORED, MEANINGFUL_TARGET } from './element.js'
import type { ElementLike } from './element-like.js'
import { createRageClicks } from './rage-clicks.js'

/**
 * The element a click is about, for analytics: the nearest interactive ancestor rather than the
 * icon or `<span>` inside a button; undefined inside `[data-cs-ignore]`.
 */
export const clickedElement = <E extends ElementLike>(target: E): E | undefined =>
  target.closest(IGNORED) ? undefined : (target.closest(MEANINGFUL_TARGET) as E | null) || target

/**
 * The action of a click inside `[data-cs-action]`, the declarative form of `track`: its name and
 * the element's other `data-cs-*` attributes as properties.
 */
export const declaredAction = (target: ElementLike): ActionData | undefined => {
  const annotated = target.closest('[data-cs-action]') as ElementLike | null
  const { action: name, ...properties } = (annotated && dataAttributes(annotated)) || {}
  if (!name) return undefined
  const data: ActionData = { name: name.slice(0, 128) }
  if (Object.keys(properties).length) data.properties = properties
  return data
}

/**
 * Listens for clicks: `clickstream.click` for mouse, pen and keyboard clicks (touch input makes
 * gestures instead, unless gestures are off), the declared action of `[data-cs-action]`
 * elements for every input, and the rage and dead click detectors.
 */
export const captureClicks = (
  context: CaptureContext,
  kinds: Required<AutocaptureOptions>
): void => {
  const { emit, on, describe } = context
  const rage = kinds.rageClicks && createRageClicks(emit, on)
  const dead = kinds.deadClicks && createDeadClicks(emit, on)
  on(document, 'click', (event: PointerEvent) => {
    const target = event.target as Element | null
    // Text nodes never are click targets, but documents and windows can be.
    const element = target?.closest && clickedElement(target)
    if (!element) return
    const click = kinds.clicks && !(kinds.gestures && event.pointerType === 'touch')
    // The element is described only when an event will carry it.
    const data: ClickData | false = (click || rage || dead) && {
      element: describe(element),
      x: Math.round(event.pageX),
      y: Math.round(event.pageY),
    }
    if (data && click) emit(EVENT_TYPES.click, data)
    const action = declaredAction(target)
    if (action) emit(EVENT_TYPES.action, action)
    if (data && rage) rage(data, event.timeStamp)
    if (data && dead) dead(data, element)
  })
}
