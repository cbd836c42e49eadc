import { describe, expect, it } from 'vitest'
import { EVENT_TYPES } from '@clickstream/schema/constants'
// eslint-disable-next-line no-restricted-imports -- tests check data against the schema; the bundle never does
import { validateEvent } from '@clickstream/schema'
import { dataAttributes, describeElement } from './element.js'
import { fakeElement, find } from './fake-dom.test-helper.js'

const page = fakeElement({
  tag: 'html',
  children: [
    {
      tag: 'body',
      children: [
        {
          tag: 'main',
          children: [
            {
              tag: 'button',
              id: 'add-to-cart',
              class: 'btn btn-primary',
              attrs: { 'data-cs-action': 'add_to_cart', 'data-cs-product': 'mug-42' },
              children: [{ tag: 'svg' }, '\n   Add   to\n cart  '],
            },
            {
              tag: 'a',
              class: 'nav',
              href: 'https://shop.example/cart',
              children: ['Cart ', { tag: 'span', class: 'badge', children: ['2'] }],
            },
            { tag: 'input', attrs: { type: 'password' }, value: 'hunter2' },
            {
              tag: 'label',
              children: ['Email ', { tag: 'input', value: 'ann@example.com' }],
            },
            { tag: 'p', attrs: { 'data-cs-mask': '' }, children: ['Ann Example'] },
            { tag: 'p', children: [{ tag: 'b', children: ['x'.repeat(300)] }] },
          ],
        },
      ],
    },
  ],
})

const byTag = (tag: string, nth = 0) => {
  let seen = 0
  return find(page, (e) => e.tagName === tag.toUpperCase() && seen++ === nth)
}

const asClick = (element: ReturnType<typeof describeElement>) => ({
  specversion: '1.0',
  id: 'e1',
  source: 'https://shop.example',
  type: EVENT_TYPES.click,
  data: { element, x: 1, y: 2 },
})

describe('describeElement', () => {
  it('describes a button by id, classes, collapsed text and data-cs attributes', () => {
    const descriptor = describeElement(byTag('button'))
    expect(descriptor).toEqual({
      tag: 'button',
      id: 'add-to-cart',
      classes: ['btn', 'btn-primary'],
      selector: '#add-to-cart',
      text: 'Add to cart',
      attributes: { action: 'add_to_cart', product: 'mug-42' },
    })
    expect(validateEvent(asClick(descriptor))).toMatchObject({ ok: true, known: true })
  })

  it('gives links their href and text from nested elements', () => {
    expect(describeElement(byTag('a'))).toEqual({
      tag: 'a',
      classes: ['nav'],
      selector: 'main > a.nav',
      text: 'Cart 2',
      href: 'https://shop.example/cart',
    })
  })

  it('never reads text or values of form fields, even inside a label', () => {
    expect(describeElement(byTag('input'))).toEqual({
      tag: 'input',
      selector: 'main > input',
    })
    expect(describeElement(byTag('label')).text).toBe('Email')
  })

  it('reads no text inside data-cs-mask and does not report the mask as an attribute', () => {
    const descriptor = describeElement(byTag('p'))
    expect(descriptor.text).toBeUndefined()
    expect(descriptor.attributes).toBeUndefined()
  })

  it('cuts text at 256 characters', () => {
    expect(describeElement(byTag('p', 1)).text).toHaveLength(256)
  })

  it('keeps within the schema limits for many and long classes and attributes', () => {
    const classes = Array.from({ length: 40 }, (_, i) => `c${i}`)
    const attrs = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`data-cs-k${i}`, 'v'.repeat(300)])
    )
    const element = fakeElement({
      tag: 'div',
      class: [...classes, 'x'.repeat(200)].join(' '),
      attrs,
      id: 'i'.repeat(200),
    })
    const descriptor = describeElement(element)
    expect(descriptor.classes).toHaveLength(16)
    expect(descriptor.id).toBeUndefined()
    expect(Object.keys(descriptor.attributes!)).toHaveLength(32)
    expect(validateEvent(asClick(descriptor))).toMatchObject({ ok: true })
  })
})

describe('dataAttributes', () => {
  it('answers undefined when there are none', () => {
    expect(dataAttributes(fakeElement({ tag: 'div', attrs: { 'data-x': '1' } }))).toBeUndefined()
  })
})
