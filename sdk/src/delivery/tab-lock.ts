/** How long a tab keeps the lock after its work (see `exclusive`). */
const SETTLE_MS = 250

/**
 * Runs `fn` while holding the SDK's Web Lock, so that two tabs of the site never run it at the
 * same time (https://w3c.github.io/web-locks/). Without Web Locks (insecure contexts, old
 * browsers) it runs at once: two tabs starting in the same instant could then both adopt one
 * orphaned queue, and the collector's duplicate detection by event id is the safety net. An
 * opaque origin's request is refused; no other tab can share its storage anyway.
 */
export const exclusive = (fn: () => void): void => {
  // The lock is kept a moment after `fn`: another tab's renderer sees this one's localStorage
  // writes only once they went through the browser process, and it must not take the lock (and
  // adopt a queue this tab just emptied) before.
  const run = () => {
    try {
      fn()
    } catch {
      // Never thrown into the page (this runs from timers and listeners).
    }
    return new Promise((done) => setTimeout(done, SETTLE_MS))
  }
  const locks = (navigator as Partial<Navigator>).locks
  if (locks) void locks.request('cs_queue', run).catch(run)
  else void run()
}
