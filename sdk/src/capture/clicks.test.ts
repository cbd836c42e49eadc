import { describe, expect, it } from 'vitest'
import { EVENT_TYPES } from '@clickstream/schema/constants'
import { clickEvents } from './clicks.js'
import { fakeElement, find } from './fake-dom.test-helper.js'

const record = () => {
  const events: [string, unknown][] = []
  return { events, emit: (type: string, data: unknown) => void events.push([type, data]) }
}

describe('clickEvents', () => {
  it('describes the nearest interactive ancestor, not the icon inside it', () => {
    const root = fakeElement({
      tag: 'body',
      children: [{ tag: 'button', id: 'go', children: [{ tag: 'i', class: 'icon' }, 'Go'] }],
    })
    const { events, emit } = record()
    clickEvents(
      find(root, (e) => e.tagName === 'I'),
      10.4,
      20.6,
      emit
    )
    expect(events).toEqual([
      [
        EVENT_TYPES.click,
        { element: { tag: 'button', id: 'go', selector: '#go', text: 'Go' }, x: 10, y: 21 },
      ],
    ])
  })

  it('describes the target itself when nothing interactive surrounds it', () => {
    const root = fakeElement({ tag: 'body', children: [{ tag: 'p', children: ['Hello'] }] })
    const { events, emit } = record()
    clickEvents(root.children[0]!, 0, 0, emit)
    expect(events[0]![1]).toMatchObject({ element: { tag: 'p', text: 'Hello' } })
  })

  it('adds an action for a click inside data-cs-action, with the other data-cs attributes', () => {
    const root = fakeElement({
      tag: 'body',
      children: [
        {
          tag: 'div',
          attrs: { 'data-cs-action': 'add_to_cart', 'data-cs-product': 'mug' },
          children: [{ tag: 'span', children: ['Add'] }],
        },
      ],
    })
    const { events, emit } = record()
    clickEvents(
      find(root, (e) => e.tagName === 'SPAN'),
      0,
      0,
      emit
    )
    expect(events.map(([type]) => type)).toEqual([EVENT_TYPES.click, EVENT_TYPES.action])
    expect(events[1]![1]).toEqual({ name: 'add_to_cart', properties: { product: 'mug' } })
  })
})
