import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'

/**
 * Debian's Chromium, or `CHROMIUM_PATH`: Playwright's own browser download is never used
 * (DESIGN.md, Decisions).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Flags that keep Chromium off the network except for the pages a test or benchmark opens. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * Launches headless Chromium with {@link CHROMIUM_ARGS}; each `browser.newContext()` is a fresh
 * profile (no storage, no cache).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  })
}

/** A Chromium of its own with a fresh user-data dir; `close()` closes it and removes the dir. */
export interface ChromiumProfile {
  context: BrowserContext
  close(): Promise<void>
}

/** Options of {@link launchChromiumProfile}. */
export interface ChromiumProfileOptions {
  /**
   * Written to the profile's `Default/Preferences` before the launch: real browser settings,
   * such as Do Not Track (`{ enable_do_not_track: true }`).
   * @defaultValue none: Chromium's defaults
   */
  preferences?: Record<string, unknown>
}

/**
 * Launches headless Chromium with {@link CHROMIUM_ARGS} on a new temporary user-data dir (a
 * persistent context), for what needs a whole profile rather than a context of a shared browser.
 *
 * @example
 * const { context, close } = await launchChromiumProfile({ preferences: { enable_do_not_track: true } })
 */
export async function launchChromiumProfile(
  options: ChromiumProfileOptions = {}
): Promise<ChromiumProfile> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'clickstream-chromium-'))
  const remove = () => rmSync(userDataDir, { recursive: true, force: true })
  try {
    if (options.preferences) {
      mkdirSync(join(userDataDir, 'Default'))
      const file = join(userDataDir, 'Default', 'Preferences')
      writeFileSync(file, JSON.stringify(options.preferences))
    }
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
    })
    return {
      context,
      async close() {
        await context.close().catch(() => {})
        remove()
      },
    }
  } catch (error) {
    remove()
    throw error
  }
}
