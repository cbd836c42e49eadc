/** The collector's status (0 without an answer) and its `Retry-After` header. */
export type Answer = [status: number, retryAfter: string | null]

/**
 * Whether a batch is to be sent again after this answer (docs/protocol.md, HTTP): yes when
 * nothing is known to be stored (no answer, 408, 429, 5xx); no when it was stored (2xx) or the
 * collector will never take it (400, 401, 403, 413 and every other 4xx).
 */
export const retriable = (status: number): boolean =>
  !status || status === 408 || status === 429 || status > 499

/**
 * Returns `post(body)`: `fetch` with `keepalive` and a string body, which goes as
 * `text/plain;charset=UTF-8` (Fetch, "extract a body"): a CORS-safelisted request, so no
 * preflight (Fetch §4.1 CORS-safelisted request-header). It holds on to the
 * `fetch` of the moment it is made, so the dead-click detector's wrapper never sees the SDK's own
 * requests. Never rejects: no answer is status 0.
 */
export const createPost =
  (url: string, send = fetch) =>
  (body: string): Promise<Answer> =>
    send(url, {
      method: 'POST',
      body,
      keepalive: true,
      credentials: 'omit',
    }).then(
      // Read to the end: until then the request counts against the keepalive quota. Retry-After
      // is not CORS-safelisted: the collector exposes it (Access-Control-Expose-Headers).
      (response) => {
        const answer = (): Answer => [response.status, response.headers.get('Retry-After')]
        return response.text().then(answer, answer)
      },
      (): Answer => [0, null]
    )

/**
 * Returns `beacon(body)`: `navigator.sendBeacon`, whose string body goes as `text/plain` and
 * outlives the page. Answers false when the browser refused it (its keepalive quota is full).
 */
export const createBeacon =
  (url: string) =>
  (body: string): boolean =>
    navigator.sendBeacon(url, body)
