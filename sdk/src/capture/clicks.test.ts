import { describe, expect, it } from 'vitest'
import { clickedElement, declaredAction } from './clicks.js'
import { fakeElement, find } from './fake-dom.test-helper.js'

const page = fakeElement({
  tag: 'body',
  children: [
    { tag: 'button', id: 'go', children: [{ tag: 'i', class: 'icon' }, 'Go'] },
    { tag: 'p', children: ['Hello'] },
    {
      tag: 'div',
      attrs: { 'data-cs-action': 'add_to_cart', 'data-cs-product': 'mug', 'data-cs-mask': '' },
      children: [{ tag: 'span', children: ['Add'] }],
    },
    { tag: 'div', attrs: { 'data-cs-ignore': '' }, children: [{ tag: 'button', id: 'hidden' }] },
  ],
})

describe('clickedElement', () => {
  it('answers the nearest interactive ancestor, not the icon inside it', () => {
    expect(clickedElement(find(page, (e) => e.tagName === 'I'))!.id).toBe('go')
  })

  it('answers the target itself when nothing interactive surrounds it', () => {
    expect(clickedElement(find(page, (e) => e.tagName === 'P'))!.tagName).toBe('P')
  })

  it('answers nothing inside data-cs-ignore', () => {
    expect(clickedElement(find(page, (e) => e.id === 'hidden'))).toBeUndefined()
  })
})

describe('declaredAction', () => {
  it('answers the action of data-cs-action with the other data-cs attributes as properties', () => {
    expect(declaredAction(find(page, (e) => e.tagName === 'SPAN'))).toEqual({
      name: 'add_to_cart',
      properties: { product: 'mug' },
    })
  })

  it('answers nothing outside data-cs-action', () => {
    expect(declaredAction(find(page, (e) => e.tagName === 'P'))).toBeUndefined()
  })
})
