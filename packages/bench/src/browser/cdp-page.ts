import type { ChromiumCdp } from '@clickstream/chromium-local'

/** A page in a browser context of its own, driven over the DevTools protocol. */
export interface CdpPage {
  /** Evaluates an expression in the page, awaiting a promise, and answers its value. */
  evaluate(expression: string): Promise<unknown>
  /** A left click at viewport coordinates: the mouse moves there, presses and releases. */
  click(x: number, y: number): Promise<void>
  /** `Performance.getMetrics` by name; `Performance.enable` ran in thread ticks on open. */
  metrics(): Promise<Record<string, number>>
  /** Sends any other DevTools protocol command to the page's target. */
  send<T>(method: string, params?: object): Promise<T>
  close(): Promise<void>
}

const VIEWPORT = { width: 1280, height: 720, deviceScaleFactor: 1, mobile: false }

/**
 * Opens `url` in a new browser context (a fresh profile: no storage, no cache) at 1280×720 and
 * resolves once the document has loaded. Nothing else is enabled in the page: no network or
 * runtime events, which DevTools would pay for on every request and every script.
 */
export async function openCdpPage(cdp: ChromiumCdp, url: string): Promise<CdpPage> {
  const { browserContextId } = await cdp.send<{ browserContextId: string }>(
    'Target.createBrowserContext'
  )
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', {
    url: 'about:blank',
    browserContextId,
  })
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
    targetId,
    flatten: true,
  })
  const send = <T>(method: string, params?: object) => cdp.send<T>(method, params, sessionId)
  const evaluate = async (expression: string) => {
    const { result, exceptionDetails } = await send<{
      result: { value?: unknown }
      exceptionDetails?: { exception?: { description?: string }; text: string }
    }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })
    if (exceptionDetails) {
      throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text)
    }
    return result.value
  }
  await send('Emulation.setDeviceMetricsOverride', VIEWPORT)
  await send('Performance.enable', { timeDomain: 'threadTicks' })
  await send('Page.navigate', { url })
  const deadline = Date.now() + 15_000
  const loaded = `location.href !== 'about:blank' && document.readyState === 'complete'`
  while (!(await evaluate(loaded))) {
    if (Date.now() > deadline) throw new Error(`${url} did not load`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const mouse = (type: string, x: number, y: number) =>
    send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 })
  return {
    evaluate,
    send,
    async click(x, y) {
      await send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y })
      await mouse('mousePressed', x, y)
      await mouse('mouseReleased', x, y)
    },
    async metrics() {
      const { metrics } = await send<{ metrics: { name: string; value: number }[] }>(
        'Performance.getMetrics'
      )
      return Object.fromEntries(metrics.map((metric) => [metric.name, metric.value]))
    },
    close: () => cdp.send('Target.disposeBrowserContext', { browserContextId }).then(() => {}),
  }
}
