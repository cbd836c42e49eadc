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
 * @param {{ logs: boolean }} flags
 * @param {boolean} [sourceMap]
 */
const plugins = (flags, sourceMap = true) => [
  replace({
    preventAssignment: true,
    values: { __CS_VERSION__: JSON.stringify(version), __CS_LOGS__: String(flags.logs) },
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

const minify = terser({
  ecma: 2020,
  compress: { passes: 2 },
  format: { comments: false },
})

/** @type {import('rollup').RollupOptions[]} */
export default [
  {
    // npm: readable ESM; the application's bundler minifies.
    input: 'src/index.ts',
    output: { file: 'dist/index.js', format: 'es', sourcemap: true },
    plugins: plugins({ logs: true }),
  },
  {
    // The script tag: one self-starting minified file.
    input: 'src/tag.ts',
    output: { file: 'dist/clickstream.iife.js', format: 'iife', sourcemap: true },
    plugins: [...plugins({ logs: true }), minify],
  },
  {
    // The copy-paste stub: plain statements, no wrapper, no globals of its own.
    input: 'src/tag/snippet.ts',
    output: { file: 'dist/snippet.js', format: 'es' },
    plugins: [
      ...plugins({ logs: true }, false),
      terser({ module: false, format: { comments: false } }),
    ],
  },
]
