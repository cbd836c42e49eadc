import { ELEMENT_NODE, TEXT_NODE, type ElementLike, type NodeLike } from './element-like.js'

/** The schema's limit on descriptor text. */
const MAX_TEXT = 256

/**
 * Where text is never read: form fields (whose text is what the visitor typed or picked),
 * editable regions, regions the site masked, and what is not text to a reader.
 */
export const MASKED = 'input,textarea,select,[contenteditable],[data-cs-mask]'
const SKIPPED = `${MASKED},script,style,noscript,template`

/**
 * The element's text, whitespace collapsed and trimmed to 256 characters, or undefined inside a
 * masked region. Text nodes are read rather than `innerText`, which would force a layout on
 * every click; the walk stops once it has enough.
 */
export const visibleText = (element: ElementLike): string | undefined => {
  if (element.closest(MASKED)) return undefined
  let text = ''
  const walk = (node: NodeLike): void => {
    for (let child = node.firstChild; child && text.length < 4 * MAX_TEXT;) {
      const type = child.nodeType
      if (type === TEXT_NODE) text += child.nodeValue
      else if (type === ELEMENT_NODE && !child.matches?.(SKIPPED)) walk(child)
      child = child.nextSibling
    }
  }
  walk(element)
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT) || undefined
}
