/**
 * The reference tag: the least a batching clickstream tag does for a click, measured in the same
 * run as the SDK so that the SDK's main-thread cost reads as a ratio to it, not only against an
 * absolute figure that depends on the machine. One capture-phase listener; per click a CloudEvent
 * with a random id, the time, the path, the element's tag, id and text and the position, as JSON;
 * batches of 50 (the SDK's default) sent with one keepalive `fetch` each, one at a time (the
 * requests in flight share the keepalive quota of 64 KiB). Nothing else: no element descriptor,
 * no rage or dead clicks, no session, no persistent queue, no retries.
 *
 * It answers the SDK's `window.clickstream('flush')` and sends a page view at start, as the tag
 * does, so the benchmark drives both pages alike. Plain JavaScript, served as is.
 */
export const REFERENCE_TAG = `(() => {
  const endpoint = document.currentScript.dataset.endpoint
  let queue = []
  let sending = Promise.resolve()
  const send = () => {
    const body = '[' + queue.join(',') + ']'
    queue = []
    // One request at a time: keepalive requests in flight share a 64 KiB quota.
    return (sending = sending
      .catch(() => {})
      .then(() =>
        fetch(endpoint, {
          method: 'POST',
          body,
          keepalive: true,
          headers: { 'content-type': 'text/plain' },
        })
      )
      .then((response) => response.text()))
  }
  const capture = (type, data) => {
    queue.push(
      JSON.stringify({
        specversion: '1.0',
        id: crypto.randomUUID(),
        source: location.host,
        type,
        time: new Date().toISOString(),
        subject: location.pathname,
        data,
      })
    )
    if (queue.length >= 50) send()
  }
  window.clickstream = (method) => (method === 'flush' && queue.length ? send() : sending)
  capture('clickstream.page_view', { url: location.href, title: document.title })
  send()
  document.addEventListener(
    'click',
    (event) => {
      const element = event.target
      capture('clickstream.click', {
        element: { tag: element.tagName.toLowerCase(), id: element.id, text: element.textContent.trim() },
        x: Math.round(event.pageX),
        y: Math.round(event.pageY),
      })
    },
    { capture: true, passive: true }
  )
})()
`
