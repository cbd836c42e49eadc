/**
 * The SDK under a strict Content-Security-Policy that allows nothing but its own script (by
 * origin and nonce) and `connect-src` for the collector: no eval, no inline code or style, no
 * other requests, Trusted Types enforced. Every build must work and cause no violation.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { BUILDS, call, createHarness, typesOf } from './harness.js'

const h = createHarness()
beforeAll(h.start)
afterAll(h.stop)
beforeEach(h.reset)

const NONCE = 'c3RyaWN0LWNzcA'

for (const build of BUILDS) {
  describe(`strict CSP, ${build} build`, () => {
    it('sends events and causes no violation with only connect-src for the collector', async () => {
      const policy = [
        "default-src 'none'",
        `script-src 'self' 'nonce-${NONCE}'`,
        `connect-src ${h.collector.url}`,
        "require-trusted-types-for 'script'",
        "base-uri 'none'",
        "form-action 'none'",
      ].join('; ')
      const { page, errors, logs } = await h.open(await h.context(), {
        build,
        nonce: NONCE,
        headers: { 'Content-Security-Policy': policy },
        // Recorded before the SDK loads, so a violation it causes cannot go unseen.
        before: `window.violations = []; document.addEventListener('securitypolicyviolation',
          (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI))`,
        body: '<button id="buy" data-cs-action="add_to_cart">Add to cart</button><div id="tall"></div>',
      })
      await page.click('#buy')
      await call(page, 'page')
      await call(page, 'track', 'csp_ok')
      await call(page, 'flush')
      await call(page, 'track', 'by_beacon')
      await page.evaluate(() => window.scrollBy(0, 10))
      const violations = await page.evaluate(
        () => (window as unknown as { violations: string[] }).violations
      )
      expect(violations).toEqual([])
      expect(logs.filter((line) => /Content.Security.Policy|Trusted Type/i.test(line))).toEqual([])
      // The policy is live: a request to anything but the collector is blocked, and reported.
      expect(
        await page.evaluate(() =>
          fetch('/elsewhere').then(
            () => 'sent',
            () => 'blocked'
          )
        )
      ).toBe('blocked')
      await page.waitForFunction(
        () => (window as unknown as { violations: string[] }).violations.length > 0
      )
      await page.close({ runBeforeUnload: true })
      await h.collector.until(() =>
        expect(typesOf(h.collector.events())).toHaveLength(build === 'core' ? 3 : 6)
      )
      expect(errors).toEqual([])
      const names = h.collector
        .events()
        .map((e) => (e.data as { name?: string }).name)
        .filter(Boolean)
      expect(names).toEqual(expect.arrayContaining(['csp_ok', 'by_beacon']))
    })
  })
}
