import { ELEMENT_NODE, TEXT_NODE, type ElementLike, type NodeLike } from './element-like.js'

/** A node of a fake document: an element or a text. */
export type FakeSpec =
  | string
  | {
      tag: string
      id?: string
      class?: string
      attrs?: Record<string, string>
      href?: string
      /** What a form field holds; the descriptor must never read it. */
      value?: string
      children?: FakeSpec[]
    }

/** A plain-object element for unit tests, with the selector subset the SDK uses. */
export interface FakeElement extends ElementLike {
  readonly parentElement: FakeElement | null
  readonly children: FakeElement[]
  readonly childNodes: NodeLike[]
  readonly attributes: { name: string; value: string }[]
  matches(selectors: string): boolean
  closest(selectors: string): FakeElement | null
}

/** The next node of `siblings` after `node`, as `nextSibling` answers it. */
const after = (siblings: NodeLike[], node: NodeLike) => siblings[siblings.indexOf(node) + 1] ?? null

/** Matches one of a comma list of `tag`, `[name]`, `[name=value]` or `tag[name=value]`. */
const matches = (element: FakeElement, selectors: string): boolean =>
  selectors.split(',').some((selector) => {
    const [, tag, name, value] = /^([a-z]*)(?:\[([\w-]+)(?:=([\w-]+))?\])?$/.exec(selector.trim())!
    if (tag && element.tagName.toLowerCase() !== tag) return false
    if (!name) return true
    const attribute = Array.from(element.attributes).find((a) => a.name === name)
    return !!attribute && (value === undefined || attribute.value === value)
  })

/** Builds a fake element tree and answers its root. */
export const fakeElement = (spec: FakeSpec, parent: FakeElement | null = null): FakeElement => {
  if (typeof spec == 'string') throw new Error('the root must be an element')
  const attributes = Object.entries({
    ...spec.attrs,
    ...(spec.id ? { id: spec.id } : {}),
    ...(spec.class ? { class: spec.class } : {}),
  }).map(([name, value]) => ({ name, value }))
  const childNodes: NodeLike[] = []
  const children: FakeElement[] = []
  const element: FakeElement & { value?: string } = {
    nodeType: ELEMENT_NODE,
    nodeValue: null,
    tagName: spec.tag.toUpperCase(),
    id: spec.id ?? '',
    classList: (spec.class ?? '').split(/\s+/).filter(Boolean),
    attributes,
    getAttributeNames: () => attributes.map((a) => a.name),
    getAttribute: (name) => attributes.find((a) => a.name === name)?.value ?? null,
    parentElement: parent,
    get firstChild() {
      return childNodes[0] ?? null
    },
    get nextSibling() {
      return parent ? after(parent.childNodes, element) : null
    },
    childNodes,
    children,
    get previousElementSibling() {
      const siblings = parent?.children ?? []
      return siblings[siblings.indexOf(element) - 1] ?? null
    },
    get nextElementSibling() {
      const siblings = parent?.children ?? []
      return siblings[siblings.indexOf(element) + 1] ?? null
    },
    matches: (selectors) => matches(element, selectors),
    closest: (selectors) => {
      for (let node: FakeElement | null = element; node; node = node.parentElement) {
        if (node.matches(selectors)) return node
      }
      return null
    },
    href: spec.href,
    get value(): string {
      throw new Error('the SDK read the value of a form field')
    },
  }
  for (const child of spec.children ?? []) {
    if (typeof child == 'string') {
      const text: NodeLike = {
        nodeType: TEXT_NODE,
        nodeValue: child,
        firstChild: null,
        get nextSibling() {
          return after(childNodes, text)
        },
      }
      childNodes.push(text)
    } else {
      const node = fakeElement(child, element)
      childNodes.push(node)
      children.push(node)
    }
  }
  return element
}

/** The first element in document order for which `test` holds. */
export const find = (root: FakeElement, test: (e: FakeElement) => boolean): FakeElement => {
  const stack = [root]
  for (let e = stack.shift(); e; e = stack.shift()) {
    if (test(e)) return e
    stack.unshift(...e.children)
  }
  throw new Error('no such element')
}
