import { describe, expect, it } from 'vitest'
import { cssEscape, cssSelector } from './selector.js'
import { fakeElement, find, type FakeSpec } from './fake-dom.test-helper.js'

const nest = (depth: number, leaf: FakeSpec): FakeSpec =>
  depth === 0 ? leaf : { tag: 'div', class: `level${depth}`, children: [nest(depth - 1, leaf)] }

describe('cssSelector', () => {
  it('prefers the id', () => {
    expect(cssSelector(fakeElement({ tag: 'button', id: 'buy', class: 'btn' }))).toBe('#buy')
  })

  it('anchors at the nearest ancestor with an id', () => {
    const root = fakeElement({
      tag: 'nav',
      id: 'top',
      children: [{ tag: 'ul', children: [{ tag: 'li' }, { tag: 'li', children: [{ tag: 'a' }] }] }],
    })
    const link = find(root, (e) => e.tagName === 'A')
    expect(cssSelector(link)).toBe('#top > ul > li:nth-of-type(2) > a')
  })

  it('numbers only elements that have siblings with the same tag', () => {
    const root = fakeElement({
      tag: 'body',
      children: [{ tag: 'h1' }, { tag: 'p' }, { tag: 'p', class: 'lead' }, { tag: 'span' }],
    })
    expect(root.children.map(cssSelector)).toEqual([
      'h1',
      'p:nth-of-type(1)',
      'p.lead:nth-of-type(2)',
      'span',
    ])
  })

  it('goes up four levels at most and uses three classes per level', () => {
    const root = fakeElement(nest(6, { tag: 'button', class: 'a b c d' }))
    const button = find(root, (e) => e.tagName === 'BUTTON')
    expect(cssSelector(button)).toBe('div.level3 > div.level2 > div.level1 > button.a.b.c')
  })

  it('stays within 512 characters when class names are long', () => {
    const long = Array.from({ length: 3 }, (_, i) => `${i}${'x'.repeat(100)}`).join(' ')
    const root = fakeElement({
      tag: 'div',
      class: long,
      children: [{ tag: 'div', class: long, children: [{ tag: 'span', class: long }] }],
    })
    const selector = cssSelector(find(root, (e) => e.tagName === 'SPAN'))
    expect(selector.length).toBeLessThanOrEqual(512)
    expect(selector).toMatch(/^span\./)
  })
})

describe('cssEscape', () => {
  it.each([
    ['plain-name_1', 'plain-name_1'],
    ['md:w-1/2', 'md\\:w-1\\/2'],
    ['1st', '\\31 st'],
    ['-2', '-\\32 '],
  ])('escapes %s as %s', (ident, escaped) => {
    expect(cssEscape(ident)).toBe(escaped)
  })
})
