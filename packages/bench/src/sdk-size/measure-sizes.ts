import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import commonjsModule from '@rollup/plugin-commonjs'
import nodeResolveModule from '@rollup/plugin-node-resolve'
import terserModule from '@rollup/plugin-terser'
import { rollup, type Plugin } from 'rollup'

/** Minified and gzip (level 9) bytes of some JavaScript. */
export interface Size {
  minBytes: number
  gzipBytes: number
}

/** One row of the size table. */
export interface SizeRow extends Size {
  name: string
  version: string
  /** What was measured: the entry code bundled, or the prebuilt file's path. */
  what: string
  /**
   * For a bundle with lazily loaded chunks: the entry chunk alone, when the bundle is split
   * (what the page loads before anything else).
   */
  initial?: Size
  note?: string
}

/** Both tables: npm entries bundled the same way, and prebuilt browser files as shipped. */
export interface SizeReport {
  bundled: SizeRow[]
  prebuilt: SizeRow[]
}

const require = createRequire(import.meta.url)

/**
 * The rollup plugins' types declare `export default` in CommonJS typings, which NodeNext reads as
 * `{ default }`; Node loads their ESM builds, whose default export is the plugin factory itself.
 */
function factory<T>(module: T): T extends { default: infer F } ? F : T {
  const inner = (module as { default?: unknown }).default
  return (typeof inner === 'function' ? inner : module) as T extends { default: infer F } ? F : T
}

const commonjs = factory(commonjsModule)
const nodeResolve = factory(nodeResolveModule)
const terser = factory(terserModule)

const sizeOf = (code: string | Buffer): Size => ({
  minBytes: Buffer.byteLength(code),
  gzipBytes: gzipSync(code, { level: 9 }).length,
})

function packageDir(name: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`))
  } catch {
    // An `exports` map without "./package.json": walk up from the main entry.
    let dir = dirname(require.resolve(name))
    while (!existsSync(join(dir, 'package.json')) || !dir.endsWith(name)) {
      const parent = dirname(dir)
      if (parent === dir) throw new Error(`cannot find the package.json of ${name}`)
      dir = parent
    }
    return dir
  }
}

async function versionOf(name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(packageDir(name), 'package.json'), 'utf8'))
  return (manifest as { version: string }).version
}

/**
 * Each SDK's documented npm usage, as a site would write it: import, initialise, record a page
 * view where that is a separate call, and keep a reference so nothing is tree-shaken away.
 */
const entries: { name: string; code: string; note?: string }[] = [
  {
    name: '@clickstream/sdk',
    code: `import { createClickstream } from '@clickstream/sdk'
window.clickstream = createClickstream({ endpoint: 'https://collector.example' })`,
    note: 'autocaptures page views and clicks',
  },
  {
    name: '@snowplow/browser-tracker',
    code: `import { newTracker, trackPageView } from '@snowplow/browser-tracker'
newTracker('sp', 'https://collector.example', { appId: 'shop' })
trackPageView()
window.snowplow = { trackPageView }`,
    note: 'click tracking is a separate plugin, not included',
  },
  {
    name: 'posthog-js',
    code: `import posthog from 'posthog-js'
posthog.init('phc_bench', { api_host: 'https://collector.example' })
window.posthog = posthog`,
    note: 'autocapture included; session recording, surveys etc. load lazily from the host',
  },
  {
    name: '@segment/analytics-next',
    code: `import { AnalyticsBrowser } from '@segment/analytics-next'
window.analytics = AnalyticsBrowser.load({ writeKey: 'bench' })`,
    note: 'destinations (incl. Segment.io) and settings are fetched from the CDN at run time',
  },
  {
    name: '@rudderstack/analytics-js',
    code: `import { RudderAnalytics } from '@rudderstack/analytics-js'
const analytics = new RudderAnalytics()
analytics.load('bench', 'https://dataplane.example')
analytics.page()
window.rudderanalytics = analytics`,
    note: 'default export: plugins are fetched from the CDN at run time, not counted',
  },
  {
    name: '@rudderstack/analytics-js/bundled',
    code: `import { RudderAnalytics } from '@rudderstack/analytics-js/bundled'
const analytics = new RudderAnalytics()
analytics.load('bench', 'https://dataplane.example')
analytics.page()
window.rudderanalytics = analytics`,
    note: 'plugins built in',
  },
  {
    name: 'plausible-tracker',
    code: `import Plausible from 'plausible-tracker'
const plausible = Plausible({ domain: 'shop.example' })
plausible.enableAutoPageviews()
window.plausible = plausible`,
    note: 'page views and custom events only',
  },
]

// The SDK's own terser settings (sdk/rollup.config.mjs), so every row is minified alike.
const minify = () => terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: false } })

function virtualEntry(code: string): Plugin {
  return {
    name: 'bench-entry',
    resolveId: (id) => (id === '\0entry' ? id : null),
    load: (id) => (id === '\0entry' ? code : null),
  }
}

/**
 * Bundles `code` with rollup for the browser (node-resolve with the `browser` field, commonjs)
 * into one minified IIFE, lazily loaded chunks inlined; and, when the code has lazily loaded
 * chunks, also split, to size the entry chunk alone.
 */
async function bundleSize(code: string): Promise<{ whole: Size; initial?: Size }> {
  const bundle = await rollup({
    input: '\0entry',
    plugins: [virtualEntry(code), nodeResolve({ browser: true }), commonjs()],
    // Warnings about `this` at the top level of ESM and circular imports are the peers' own.
    onwarn: () => {},
  })
  try {
    const iife = await bundle.generate({
      format: 'iife',
      inlineDynamicImports: true,
      plugins: [minify()],
    })
    const whole = sizeOf(iife.output[0].code)
    const split = await bundle.generate({ format: 'es', plugins: [minify()] })
    const chunks = split.output.filter((item) => item.type === 'chunk')
    const entry = chunks.find((chunk) => chunk.isEntry)
    return chunks.length > 1 && entry ? { whole, initial: sizeOf(entry.code) } : { whole }
  } finally {
    await bundle.close()
  }
}

function packageOf(entry: string): string {
  const parts = entry.split('/')
  return entry.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}

/**
 * Measures our SDK and its peers: every npm entry bundled the same way (rollup + terser, gzip
 * level 9), and the browser files that the packages ship prebuilt, as they are.
 */
export async function measureSdkSizes(root: string): Promise<SizeReport> {
  const bundled: SizeRow[] = []
  for (const { name, code, note } of entries) {
    const { whole, initial } = await bundleSize(code)
    bundled.push({
      name,
      version: await versionOf(packageOf(name)),
      what: code.split('\n')[0]!,
      ...whole,
      ...(initial ? { initial } : {}),
      note,
    })
  }

  const prebuilt: SizeRow[] = []
  const file = async (name: string, path: string, note?: string) => {
    const absolute = join(packageDir(name), path)
    prebuilt.push({
      name,
      version: await versionOf(name),
      what: relative(root, absolute),
      ...sizeOf(await readFile(absolute)),
      note,
    })
  }
  // Ours: every script-tag build in sdk/dist (the full tag, and a core one when it exists).
  const sdkDist = join(packageDir('@clickstream/sdk'), 'dist')
  for (const name of (await readdir(sdkDist)).filter((f) => f.endsWith('.iife.js')).sort()) {
    const variant = name.replace(/^clickstream\.?/, '').replace(/\.?iife\.js$/, '')
    await file(
      '@clickstream/sdk',
      join('dist', name),
      `the script tag${variant ? `, ${variant} build` : ''}`
    )
  }
  await file('@snowplow/browser-tracker', 'dist/index.umd.min.js', 'UMD build of the npm package')
  await file('posthog-js', 'dist/array.js', 'what the snippet loads; more loads lazily')
  await file('posthog-js', 'dist/array.full.js', 'everything in one file')
  await file(
    '@segment/analytics-next',
    'dist/umd/standalone.js',
    'the CDN build; chunks load lazily'
  )
  return { bundled, prebuilt }
}
