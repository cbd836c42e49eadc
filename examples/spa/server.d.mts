/** The running single-page app. */
export interface Spa {
  /** Base URL, e.g. `http://127.0.0.1:3001`. */
  url: string
  close(): Promise<void>
}

/** Builds the app into `dist/` with Vite, as `npm run build -w @clickstream/example-spa` does. */
export declare function buildSpa(): Promise<void>

/** Serves the built app with `collectorUrl` filled in; `port` 0 (the default) picks a free one. */
export declare function startSpa(options: {
  port?: number
  host?: string
  collectorUrl: string
}): Promise<Spa>
