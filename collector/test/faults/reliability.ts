/**
 * `npm run reliability`: reruns every fault scenario at full scale (or `--scale=ci`) against
 * real Kafka clusters and real collector processes, and writes the measured figures between
 * the markers of docs/reliability.md. Takes about 15 minutes on two cores.
 */
import { readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { startKafka } from '@clickstream/kafka-local'
import {
  brokerKillScenario,
  collectorKillScenario,
  kafkaOutageScenario,
  sigtermScenario,
  type FaultReport,
} from './scenarios.js'
import { ciSettings, describeReport, fullSettings } from './settings.js'

const docPath = fileURLToPath(new URL('../../../docs/reliability.md', import.meta.url))
const BEGIN = '<!-- reliability:begin -->'
const END = '<!-- reliability:end -->'

const scale = process.argv.includes('--scale=ci') ? 'ci' : 'full'
const settings = scale === 'ci' ? ciSettings : fullSettings

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const percent = (share: number) => `${(share * 100).toFixed(1)} %`
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`

/** Times to recover; `≥` marks one cut short by the next fault. */
function recovery(report: FaultReport): string {
  const times = report.recoveryMs.map((ms, i) => (report.recoveryCut[i] ? '≥ ' : '') + seconds(ms))
  return times.join(', ') || 'n/a'
}

function section(report: FaultReport): string {
  const answers = Object.entries(report.answers)
    .sort(([, a], [, b]) => b - a)
    .map(([answer, count]) => `${answer} × ${count}`)
    .join(', ')
  const { ratePerSecond, eventsPerRequest, concurrency = 16 } = report.load
  const rows: [string, string][] = [
    ['fault', report.fault],
    [
      'load',
      `${ratePerSecond} requests/s × ${eventsPerRequest} events, at most ${concurrency} in flight, for ${seconds(report.loadMs)}`,
    ],
    [
      'requests / events sent',
      `${report.requests} / ${report.events}` +
        (report.skipped > 0
          ? ` (${report.skipped} requests not started on schedule: ${concurrency} were waiting)`
          : ''),
    ],
    ['events acked (2xx)', String(report.acked)],
    ['**acked events lost**', `**${report.lost}**`],
    ['duplicates in the topic', String(report.duplicates)],
    ['non-2xx answers', `${percent(report.non2xxShare)} (${answers})`],
    ['events through the spool', String(report.spooled)],
    ['slowest answer / p99', `${seconds(report.maxLatencyMs)} / ${seconds(report.p99LatencyMs)}`],
    ['time to recover', recovery(report)],
    ['peak collector memory (RSS)', mib(report.peakRssBytes)],
    [
      'collector exits',
      report.exits.map((e) => (e.signal ? `killed (${e.signal})` : `code ${e.code}`)).join(', '),
    ],
    ...report.notes.map((note): [string, string] => ['note', note]),
  ]
  return [
    `### ${report.scenario}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
  ].join('\n')
}

function render(reports: FaultReport[], startedAt: number): string {
  const summary = reports.map(
    (r) =>
      `| ${r.scenario} | ${r.acked} | **${r.lost}** | ${r.duplicates} | ${percent(r.non2xxShare)} | ${recovery(r)} |`
  )
  return [
    BEGIN,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run reliability\`${scale === 'ci' ? ' -- --scale=ci' : ''} ` +
      `(${seconds(Date.now() - startedAt)} in all) on ${os.cpus().length} cores and ` +
      `${mib(os.totalmem())} of memory, Node ${process.version}, Kafka 4.1 from kafka-local, ` +
      'the collector run from source as a child process; load on 127.0.0.1.',
    '',
    '| scenario | acked | lost | duplicates | non-2xx | time to recover |',
    '|---|---|---|---|---|---|',
    ...summary,
    '',
    ...reports.flatMap((report) => [section(report), '']),
    END,
  ].join('\n')
}

async function main(): Promise<void> {
  const startedAt = Date.now()
  const reports: FaultReport[] = []
  const run = async (name: string, scenario: () => Promise<FaultReport>) => {
    console.info(`▶ ${name}…`)
    const report = await scenario()
    console.info(`  ${describeReport(report)}`)
    reports.push(report)
  }
  await run('broker kills', () => brokerKillScenario(settings.brokerKill))
  await run('Kafka outage', () => kafkaOutageScenario(settings.kafkaOutage))
  await run('collector kill', () => collectorKillScenario(settings.collectorKill))
  const kafka = await startKafka({ nodes: 1, log: () => {} })
  try {
    await run('SIGTERM', () => sigtermScenario(kafka.brokers, settings.sigterm))
  } finally {
    await kafka.stop()
  }

  const doc = await readFile(docPath, 'utf8')
  const begin = doc.indexOf(BEGIN)
  const end = doc.indexOf(END)
  if (begin === -1 || end === -1) throw new Error(`${docPath} lacks the ${BEGIN} … ${END} markers`)
  await writeFile(
    docPath,
    doc.slice(0, begin) + render(reports, startedAt) + doc.slice(end + END.length)
  )
  console.info(`wrote the figures to ${docPath}`)
  const lost = reports.reduce((sum, r) => sum + r.lost, 0)
  if (lost > 0) {
    console.error(`${lost} acknowledged event(s) lost`)
    process.exitCode = 1
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
