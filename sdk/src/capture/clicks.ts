import type { ActionData, ClickData } from '@clickstream/schema'
import { EVENT_TYPES } from '@clickstream/schema/constants'
import { dataAttributes, describeElement, MEANINGFUL_TARGET } from './element.js'
import type { ElementLike } from './element-like.js'

/** Receives what a capture module saw. */
export type Emit = {
  (type: typeof EVENT_TYPES.click, data: ClickData): void
  (type: typeof EVENT_TYPES.action, data: ActionData): void
}

/**
 * Data of the events one click makes: always a `clickstream.click`, and a `clickstream.action`
 * when it lands inside `[data-cs-action]` (the declarative form of `track`).
 */
export const clickEvents = (target: ElementLike, x: number, y: number, emit: Emit): void => {
  const element = (target.closest(MEANINGFUL_TARGET) as ElementLike | null) || target
  emit(EVENT_TYPES.click, { element: describeElement(element), x: Math.round(x), y: Math.round(y) })
  const annotated = target.closest('[data-cs-action]') as ElementLike | null
  const { action: name, ...properties } = (annotated && dataAttributes(annotated)) || {}
  if (name) {
    emit(EVENT_TYPES.action, {
      name: name.slice(0, 128),
      ...(Object.keys(properties).length ? { properties } : {}),
    })
  }
}

/**
 * Listens for clicks in the capture phase, so a handler that stops propagation does not hide
 * them. Returns the function that stops listening.
 */
export const captureClicks = (document: Document, emit: Emit): (() => void) => {
  const onClick = (event: MouseEvent) => {
    try {
      const target = event.target as Element | null
      // Text nodes never are click targets, but documents and windows can be.
      if (target && typeof target.closest == 'function') {
        clickEvents(target, event.pageX, event.pageY, emit)
      }
    } catch {
      // Never throw into the page's own click handling.
    }
  }
  document.addEventListener('click', onClick, true)
  return () => document.removeEventListener('click', onClick, true)
}
