import { EVENT_TYPES, type CloudEvent } from '@clickstream/schema'

let counter = 0

/** A valid `clickstream.page_view` event as the SDK sends it, with a fresh id unless given. */
export function pageView(
  overrides: Partial<CloudEvent> & Record<string, unknown> = {}
): CloudEvent {
  counter++
  return {
    specversion: '1.0',
    id: `01890a5d-ac96-774b-bcce-${String(counter).padStart(12, '0')}`,
    source: 'https://shop.example',
    type: EVENT_TYPES.pageView,
    time: '2026-11-27T10:00:00.123Z',
    subject: '/products/42',
    datacontenttype: 'application/json',
    anonymousid: 'anon-1',
    sessionid: 'session-1',
    seq: counter,
    sentat: '2026-11-27T10:00:01.000Z',
    data: { url: 'https://shop.example/products/42', path: '/products/42', title: 'Blue mug' },
    ...overrides,
  }
}
