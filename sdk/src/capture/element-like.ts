/**
 * The parts of the DOM that the element descriptor reads. A real `Element` fits; so do plain
 * objects, which keeps the descriptor logic testable in Node without a DOM.
 */
export interface NodeLike {
  readonly nodeType: number
  readonly nodeValue: string | null
  readonly firstChild: NodeLike | null
  readonly nextSibling: NodeLike | null
  matches?(selectors: string): boolean
}

/** An element as far as the descriptor is concerned. */
export interface ElementLike extends NodeLike {
  readonly tagName: string
  readonly id: string
  readonly classList: ArrayLike<string>
  /** Names rather than `attributes`, whose `Attr` nodes the browser makes on first access. */
  getAttributeNames(): string[]
  getAttribute(name: string): string | null
  readonly parentElement: ElementLike | null
  readonly previousElementSibling: ElementLike | null
  readonly nextElementSibling: ElementLike | null
  closest(selectors: string): unknown
  /** `HTMLAnchorElement.href` is the resolved URL; SVG links have an object here. */
  readonly href?: unknown
}

/** `Node.ELEMENT_NODE` and `Node.TEXT_NODE`, without reading the `Node` global. */
export const ELEMENT_NODE = 1
export const TEXT_NODE = 3
