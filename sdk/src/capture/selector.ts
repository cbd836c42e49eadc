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
  // Most ids and classes need no escape: one test instead of two replacements.
  /[^\w-]|^-?\d/.test(ident)
    ? ident
        .replace(/[^\w-]/g, '\\$&')
        .replace(/^(-?)(\d)/, (_, dash: string, digit: string) => `${dash}\\3${digit} `)
    : ident

/** An id usable as a selector: present and short (the descriptor caps ids at 128). */
export const usableId = ({ id }: ElementLike): string | undefined =>
  id && id.length <= 128 ? id : undefined

/** `tag.class1.class2:nth-of-type(n)`; the position only where a sibling has the same tag. */
const segment = (element: ElementLike): string => {
  const tag = element.tagName
  let selector = tag.toLowerCase()
  const list = element.classList
  for (let i = 0, length = Math.min(list.length, MAX_CLASSES); i < length; i++) {
    selector += '.' + cssEscape(list[i]!)
  }
  // Siblings before it with its tag; then whether one after it has its tag.
  let before = 0
  let sibling = element.previousElementSibling
  for (; sibling; sibling = sibling.previousElementSibling) if (sibling.tagName === tag) before++
  if (!before) {
    sibling = element.nextElementSibling
    while (sibling && sibling.tagName !== tag) sibling = sibling.nextElementSibling
  }
  if (before || sibling) selector += `:nth-of-type(${before + 1})`
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
