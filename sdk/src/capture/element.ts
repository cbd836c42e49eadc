import type { ElementDescriptor } from '@clickstream/schema'
import type { ElementLike } from './element-like.js'
import { cssSelector, usableId } from './selector.js'
import { visibleText } from './text.js'

/** Attributes whose name starts with this are the site's annotations for analytics. */
const DATA_PREFIX = 'data-cs-'
/** `data-cs-*` attributes that steer the SDK rather than describe the element. */
const CONTROL_ATTRIBUTES = ['mask', 'ignore']

/** Elements inside this are invisible to the SDK: no click, gesture or form event. */
export const IGNORED = '[data-cs-ignore]'

/**
 * What a click lands on, for analytics: the nearest interactive ancestor rather than the icon
 * or `<span>` inside a button.
 */
export const MEANINGFUL_TARGET =
  'a,button,[role=button],input[type=submit],input[type=button],[data-cs-action],label,summary'

/** The element's `data-cs-*` attributes without the prefix, within the schema's limits. */
export const dataAttributes = (element: ElementLike): Record<string, string> | undefined => {
  let found: Record<string, string> | undefined
  let count = 0
  for (const name of element.getAttributeNames()) {
    const key = name.slice(DATA_PREFIX.length)
    if (
      count < 32 &&
      name.startsWith(DATA_PREFIX) &&
      key &&
      key.length <= 64 &&
      !CONTROL_ATTRIBUTES.includes(key)
    ) {
      ;(found ||= {})[key] = element.getAttribute(name)!.slice(0, 256)
      count++
    }
  }
  return found
}

/**
 * Describes an element as the schema's `ElementDescriptor`; never reads an input's value. Link
 * URLs go through `cleanUrl`, like page URLs.
 */
export const describeElement = (
  element: ElementLike,
  cleanUrl: (href: string) => string = (href) => href
): ElementDescriptor => {
  const descriptor: ElementDescriptor = {
    tag: element.tagName.toLowerCase().slice(0, 32),
    selector: cssSelector(element),
  }
  const id = usableId(element)
  const classes: string[] = []
  const list = element.classList
  for (let i = 0, length = list.length; i < length && classes.length < 16; i++) {
    const name = list[i]!
    if (name.length <= 128) classes.push(name)
  }
  const text = visibleText(element)
  const attributes = dataAttributes(element)
  if (id) descriptor.id = id
  if (classes.length) descriptor.classes = classes
  if (text) descriptor.text = text
  if (descriptor.tag === 'a' && typeof element.href == 'string' && element.href) {
    const href = cleanUrl(element.href).slice(0, 2048)
    if (href) descriptor.href = href
  }
  if (attributes) descriptor.attributes = attributes
  return descriptor
}
