// @ts-check
import { readFileSync } from 'node:fs'
import nodeResolve from '@rollup/plugin-node-resolve'
import replace from '@rollup/plugin-replace'
import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8'))

/**
 * The build variants share one source; their flags are replaced at build time (src/build-flags.ts)
 * and the minifier drops what a variant turns off.
 * @param {{ logs?: boolean, autocapture?: boolean }} flags
 * @param {boolean} [sourceMap]
 */
const plugins = ({ logs = true, autocapture = true }, sourceMap = true) => [
  replace({
    preventAssignment: true,
    values: {
      __CS_VERSION__: JSON.stringify(version),
      __CS_LOGS__: String(logs),
      __CS_AUTOCAPTURE__: String(autocapture),
    },
  }),
  // `@clickstream/schema/constants` is bundled: the SDK has no runtime dependency.
  nodeResolve({ browser: true }),
  typescript({
    tsconfig: './tsconfig.build.json',
    declaration: false,
    noEmitOnError: true,
    sourceMap,
  }),
]

// `pure_getters`: reading a property has no side effect in the SDK, so terser may drop reads
// whose value goes unused (the arguments of debug messages a build without logs compiles out).
const minify = terser({
  ecma: 2020,
  compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
  format: { comments: false },
})

/** @type {import('rollup').RollupOptions[]} */
export default [
  {
    // npm: readable ESM, everything; the application's bundler minifies.
    input: 'src/index.ts',
    output: { file: 'dist/index.js', format: 'es', sourcemap: true },
    plugins: plugins({}),
  },
  {
    // npm, core: the API and delivery without autocapture.
    input: 'src/index.ts',
    output: { file: 'dist/core.js', format: 'es', sourcemap: true },
    plugins: plugins({ autocapture: false }),
  },
  {
    // The script tag: one self-starting minified file with everything.
    input: 'src/tag.ts',
    output: { file: 'dist/clickstream.iife.js', format: 'iife', sourcemap: 'hidden' },
    plugins: [...plugins({}), minify],
  },
  {
    // The core script tag: no autocapture; pages call `page()` and `track()` themselves.
    input: 'src/tag.ts',
    output: { file: 'dist/clickstream.core.iife.js', format: 'iife', sourcemap: 'hidden' },
    plugins: [...plugins({ autocapture: false, logs: false }), minify],
  },
  {
    // The copy-paste stub: plain statements, no wrapper, no globals of its own.
    input: 'src/tag/snippet.ts',
    output: { file: 'dist/snippet.js', format: 'es' },
    plugins: [...plugins({}, false), terser({ module: false, format: { comments: false } })],
  },
]
