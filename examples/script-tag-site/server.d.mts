import type { Hono } from 'hono'

/** The running example site. */
export interface Site {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string
  close(): Promise<void>
}

/** The site as a Hono app whose pages send events to `collectorUrl`. */
export declare function createSiteApp(options: { collectorUrl: string }): Hono

/** Starts the site; `port` 0 (the default) picks a free one. */
export declare function startSite(options: {
  port?: number
  host?: string
  collectorUrl: string
}): Promise<Site>
