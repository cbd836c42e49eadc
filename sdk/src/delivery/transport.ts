import { CONTENT_TYPES } from '@clickstream/schema/constants'

/**
 * What became of one request, from the collector's answer (docs/protocol.md, HTTP):
 * `sent` — stored; `retry` — nothing is stored (429, 5xx): send the same events again;
 * `drop` — the collector will never take this body (other 4xx); `unknown` — no answer (a
 * network error): the request may or may not have arrived.
 */
export type Delivery = 'sent' | 'retry' | 'drop' | 'unknown'

/** Sends one request body to the collector. Never rejects. */
export interface Transport {
  /** `beacon` when the page is going away: the request must outlive it. */
  send(body: string, beacon: boolean): Promise<Delivery>
}

/**
 * Maps an HTTP status to what the queue should do with the batch. A 413 is dropped too: the
 * SDK's bodies stay far below the collector's limit, so only a proxy could refuse them.
 */
export const deliveryOf = (status: number): Delivery =>
  status >= 200 && status < 300 ? 'sent' : status === 429 || status >= 500 ? 'retry' : 'drop'

/**
 * `fetch` with `keepalive` and a `text/plain` body, which is a CORS-safelisted request: no
 * preflight (Fetch §4.1 CORS-safelisted request-header). With `beacon`, `navigator.sendBeacon`
 * first, whose string body also goes as `text/plain`; it answers false when the browser's
 * keepalive quota is full, and then fetch tries.
 */
export const createHttpTransport = (url: string, log: (...args: unknown[]) => void): Transport => ({
  send: (body, beacon) => {
    try {
      if (beacon && navigator.sendBeacon?.(url, body)) return Promise.resolve('sent')
      return fetch(url, {
        method: 'POST',
        body,
        keepalive: true,
        credentials: 'omit',
        headers: { 'Content-Type': CONTENT_TYPES.text },
      }).then(
        (response) => {
          const delivery = deliveryOf(response.status)
          if (delivery !== 'sent') log('collector answered', response.status, delivery)
          return delivery
        },
        (error: unknown) => {
          log('no answer', error)
          return 'unknown'
        }
      )
    } catch (error) {
      // A browser without fetch will never manage to send; trying again would not help.
      log('cannot send', error)
      return Promise.resolve('drop')
    }
  },
})
