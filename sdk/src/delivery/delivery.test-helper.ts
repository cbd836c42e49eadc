import type { SdkEvent } from '../core/event.js'
import type { Delivery, Transport } from './transport.js'

/** An event of about `size` bytes when serialized. */
export const fakeEvent = (n: number, size = 0): SdkEvent => ({
  specversion: '1.0',
  id: `e${n}`,
  source: 'https://shop.example',
  type: 'clickstream.action',
  anonymousid: 'a1',
  sessionid: 's1',
  seq: n,
  data: { name: 'x'.repeat(size) },
})

/** A transport that records each request and answers from a script, then `sent`. */
export const fakeTransport = (answers: Delivery[] = []) => {
  const requests: { events: SdkEvent[]; beacon: boolean; bytes: number }[] = []
  const transport: Transport = {
    send: (body, beacon) => {
      requests.push({
        events: JSON.parse(body) as SdkEvent[],
        beacon,
        bytes: new TextEncoder().encode(body).length,
      })
      return Promise.resolve(answers.shift() ?? 'sent')
    },
  }
  return { transport, requests, ids: () => requests.map((r) => r.events.map((e) => e.id)) }
}

/** Timers that fire only when the test says so. */
export const manualTimers = () => {
  let pending: (() => void)[] = []
  return {
    setTimer: (callback: () => void) => pending.push(callback),
    clearTimer: () => (pending = []),
    pending: () => pending.length,
    fire: () => {
      const due = pending
      pending = []
      for (const callback of due) callback()
    },
  }
}
