import type { ElementLike } from './element-like.js'

/** Ancestors at most in a selector: short enough to read, long enough to find the element. */
const MAX_DEPTH = 4
const MAX_CLASSES = 3
const MAX_LENGTH = 512

/**
 * Escapes an identifier for a CSS selector (CSS Syntax §2.1 `ident`): every non-word character
 * gets a backslash and a leading digit becomes a hex escape. `CSS.escape` is not in Node, and
 * one implementation keeps tests and browsers in agreement.
 */
export const cssEscape = (ident: string): string =>
  ident
    .replace(/[^\w-]/g, '\\$&')
    .replace(/^(-?)(\d)/, (_, dash: string, digit: string) => `${dash}\\3${digit} `)

/** An id usable as a selector: present and short (the descriptor caps ids at 128). */
export const usableId = (element: ElementLike): string | undefined =>
  element.id && element.id.length <= 128 ? element.id : undefined

/** Siblings before the element with its tag; with `any`, stops at the first one after it. */
const sameTagSiblings = (element: ElementLike, direction: 'previous' | 'next', any?: boolean) => {
  let count = 0
  for (
    let sibling = element[`${direction}ElementSibling`];
    sibling && !(any && count);
    sibling = sibling[`${direction}ElementSibling`]
  ) {
    if (sibling.tagName === element.tagName) count++
  }
  return count
}

/** `tag.class1.class2:nth-of-type(n)`; the position only where a sibling has the same tag. */
const segment = (element: ElementLike): string => {
  let selector = element.tagName.toLowerCase()
  for (let i = 0; i < element.classList.length && i < MAX_CLASSES; i++) {
    selector += '.' + cssEscape(element.classList[i]!)
  }
  const before = sameTagSiblings(element, 'previous')
  if (before || sameTagSiblings(element, 'next', true)) selector += `:nth-of-type(${before + 1})`
  return selector
}

/**
 * A short CSS selector for the element: `#id` when it has one, else up to four levels of
 * `tag.classes:nth-of-type(n)` joined by `>`, anchored at the nearest ancestor with an id.
 */
export const cssSelector = (element: ElementLike): string => {
  const parts: string[] = []
  for (
    let node: ElementLike | null = element;
    node && parts.length < MAX_DEPTH;
    node = node.parentElement
  ) {
    const id = usableId(node)
    if (id) {
      parts.unshift('#' + cssEscape(id))
      break
    }
    const tag = node.tagName.toLowerCase()
    if (tag === 'body' || tag === 'html') {
      if (!parts.length) parts.push(tag)
      break
    }
    parts.unshift(segment(node))
  }
  // Long class names can overflow the schema's limit: drop ancestors, then fall back to the tag.
  while (parts.length > 1 && parts.join(' > ').length > MAX_LENGTH) parts.shift()
  const selector = parts.join(' > ')
  return selector.length > MAX_LENGTH ? element.tagName.toLowerCase().slice(0, 32) : selector
}
