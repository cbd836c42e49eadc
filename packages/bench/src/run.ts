/**
 * `npm run bench`: runs every benchmark section on this machine and writes BENCHMARKS.md at the
 * repository root. Options (all optional):
 *
 *   --duration <s>        seconds per load point (10)
 *   --rounds <n>          rounds per point, the servers taking turns (2)
 *   --warmup <s>          seconds of one unmeasured warm-up slice (3)
 *   --warmup-events <n>   warm-up slices go on until a collector accepted this many (250000)
 *   --connections <list>  connection counts, comma-separated (1,10,50)
 *   --sections <list>     collector,profile,ceiling,sizes,browser,scaling (all)
 *   --no-profile          skip the `--cpu-prof` run
 *   --clicks <n>          real clicks per page load and end to end (200)
 *   --page-loads <n>      loads of the page with and of the page without the tag (5)
 *   --out <file>          where to write the report (BENCHMARKS.md at the root)
 *   --from <file>         render the report again from a run's saved results, without running
 *
 * Every run also saves its raw results as JSON in the temporary directory (the path is printed).
 *
 * `KAFKA_BROKERS` uses that Kafka instead of starting a local one.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { runBench, SECTIONS, type BenchResults, type Section } from './bench.js'
import { renderReport } from './report/render-report.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))

const { values } = parseArgs({
  options: {
    duration: { type: 'string' },
    rounds: { type: 'string' },
    warmup: { type: 'string' },
    'warmup-events': { type: 'string' },
    connections: { type: 'string' },
    sections: { type: 'string' },
    'no-profile': { type: 'boolean' },
    clicks: { type: 'string' },
    'page-loads': { type: 'string' },
    out: { type: 'string' },
    from: { type: 'string' },
  },
})

function number(name: string, raw: string | undefined, min = 1): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be at least ${min}`)
  return value
}

let sections = values.sections
  ? values.sections.split(',').map((name) => {
      if (!(SECTIONS as readonly string[]).includes(name)) {
        throw new Error(`unknown section ${name}; one of ${SECTIONS.join(', ')}`)
      }
      return name as Section
    })
  : [...SECTIONS]
if (values['no-profile']) sections = sections.filter((name) => name !== 'profile')

const out = resolve(values.out ?? resolve(root, 'BENCHMARKS.md'))
const args = process.argv.slice(2).join(' ')
// What a reader types to get this report again.
const command =
  process.env.npm_lifecycle_event === 'bench'
    ? `npm run bench${args ? ` -- ${args}` : ''}`
    : `node --import tsx packages/bench/src/run.ts${args ? ` ${args}` : ''}`

/** A run's results as saved, to render the report again after a wording change. */
interface Saved {
  command: string
  results: BenchResults
}

async function run(): Promise<Saved> {
  const results = await runBench({
    root,
    sections,
    durationS: number('duration', values.duration),
    rounds: number('rounds', values.rounds),
    warmupS: number('warmup', values.warmup, 0.1),
    warmupEvents: number('warmup-events', values['warmup-events'], 0),
    connections: values.connections?.split(',').map((count) => number('connections', count)!),
    clicks: number('clicks', values.clicks),
    pageLoads: number('page-loads', values['page-loads']),
  })
  const saved = join(tmpdir(), 'clickstream-bench-results.json')
  await writeFile(saved, JSON.stringify({ command, results } satisfies Saved))
  process.stderr.write(`saved the raw results in ${saved}\n`)
  return { command, results }
}

async function load(file: string): Promise<Saved> {
  const saved = JSON.parse(await readFile(file, 'utf8')) as Saved
  const { results } = saved
  results.startedAt = new Date(results.startedAt)
  results.finishedAt = new Date(results.finishedAt)
  return saved
}

const saved = values.from ? await load(values.from) : await run()
await writeFile(out, renderReport(saved.results, saved.command))
process.stderr.write(`wrote ${out}\n`)
if (saved.results.failures.length > 0) {
  process.stderr.write(`${saved.results.failures.length} section(s) failed, see the report\n`)
  process.exitCode = 1
}
