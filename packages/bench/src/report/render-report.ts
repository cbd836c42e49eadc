import type { BenchResults } from '../bench.js'
import { CLICK_TIMEOUT_MS } from '../browser/end-to-end-latency.js'
import type {
  ClickMode,
  LoadResult,
  MainThreadCost,
  ModeCost,
  Spread,
} from '../browser/main-thread-cost.js'
import type { SdkProfile } from '../browser/sdk-profile.js'
import type { ServerBench } from '../collector-load.js'
import type { PointResult } from '../load/measure-point.js'
import type { SelfTime } from '../profile/cpu-profile.js'
import type { ProfileResult } from '../profile/profile-server.js'
import type { SizeRow } from '../sdk-size/measure-sizes.js'
import type { ServerKind } from '../servers/protocol.js'

/** The issue's targets (issue 6), as thresholds; the SDK's (issue 3) last. */
export const TARGETS = {
  /** The real collector's requests/s as a share of bare Hono's. */
  minShareOfHono: 0.15,
  /** Server CPU per event before Kafka (the null-publisher collector), µs. */
  maxCpuUsPerEvent: 8,
  /** p99 of the real collector at half its best rate, ms. */
  maxP99AtHalfRateMs: 25,
  /** The SDK's main-thread JavaScript per captured event, µs (issue 3's bar, reported here). */
  maxSdkUsPerEvent: 20,
} as const

/** A target's verdict. */
export interface TargetResult {
  name: string
  measured: string
  threshold: string
  pass: boolean | undefined
}

const labels: Record<ServerKind, string> = {
  hono: 'bare Hono (204)',
  'hono-web': 'bare Hono, `c.req.text()` (204)',
  'hono-json': 'bare Hono + JSON round trip (200)',
  'collector-null': 'collector, null publisher',
  'collector-kafka': 'collector → Kafka (acks=all)',
}

const integer = (value: number) => Math.round(value).toLocaleString('en-US')
const fixed = (value: number | undefined, digits = 1) =>
  value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits)
const percent = (value: number | undefined, digits = 0) =>
  value === undefined || !Number.isFinite(value) ? 'n/a' : `${(value * 100).toFixed(digits)} %`
const bytes = (value: number) => integer(value)
/** Microseconds to one decimal; `—` for a value not measured. */
const us = (value: number | undefined) => (value === undefined ? '—' : `${fixed(value, 1)} µs`)
const verdict = (pass: boolean | undefined) =>
  pass === undefined ? 'not measured' : pass ? '**pass**' : '**FAIL**'

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

function serverOf(results: BenchResults, kind: ServerKind): ServerBench | undefined {
  return results.servers.find((server) => server.kind === kind)
}

/** Judges the issue's targets against a run's numbers; unmeasured ones have `pass: undefined`. */
export function judgeTargets(results: BenchResults): TargetResult[] {
  const hono = serverOf(results, 'hono')
  const nul = serverOf(results, 'collector-null')
  const kafka = serverOf(results, 'collector-kafka')
  const share = hono && kafka ? kafka.best.requestsPerS / hono.best.requestsPerS : undefined
  const cpu = nul?.best.cpuUsPerEvent
  const p99 = kafka?.halfRate?.p99Ms
  return [
    {
      name: 'real collector requests/s ≥ 15 % of bare Hono (best points)',
      measured: share === undefined ? 'n/a' : percent(share, 1),
      threshold: `≥ ${percent(TARGETS.minShareOfHono)}`,
      pass: share === undefined ? undefined : share >= TARGETS.minShareOfHono,
    },
    {
      name: 'server CPU before Kafka (null publisher, best point) per event',
      measured: cpu === undefined ? 'n/a' : `${fixed(cpu, 2)} µs`,
      threshold: `≤ ${TARGETS.maxCpuUsPerEvent} µs`,
      pass: cpu === undefined ? undefined : cpu <= TARGETS.maxCpuUsPerEvent,
    },
    {
      name: 'real collector p99 at half its best rate',
      measured: p99 === undefined ? 'n/a' : `${fixed(p99, 1)} ms`,
      threshold: `≤ ${TARGETS.maxP99AtHalfRateMs} ms`,
      pass: p99 === undefined ? undefined : p99 <= TARGETS.maxP99AtHalfRateMs,
    },
  ]
}

/** Whether a paced point got the rate it asked for (within 5 %): else the generator fell behind. */
const keptPace = (point: PointResult) =>
  point.overallRate === undefined || point.requestsPerS >= 0.95 * point.overallRate

function pointRow(label: string, point: PointResult, hono: PointResult | undefined): string[] {
  return [
    label,
    point.overallRate
      ? `${point.connections} @ ${integer(point.overallRate)}/s`
      : `${point.connections}`,
    integer(point.requestsPerS),
    integer(point.eventsPerS),
    fixed(point.p50Ms, 1),
    fixed(point.p99Ms, 1),
    fixed(point.cpuUsPerRequest, 0),
    fixed(point.cpuUsPerEvent, 2),
    percent(point.loopUtilization),
    hono ? percent(point.requestsPerS / hono.requestsPerS) : 'n/a',
    `${point.non2xx} / ${point.errors}`,
    percent(point.loadGeneratorShare),
    percent(point.foreignShare),
  ]
}

const pointHeader = [
  'server',
  'connections',
  'req/s',
  'events/s',
  'p50 ms',
  'p99 ms',
  'CPU µs/req',
  'CPU µs/event',
  'server loop busy',
  'req/s vs Hono',
  'non-2xx / errors',
  'load generator CPU',
  'other CPU on the machine',
]

function warmupTable(servers: ServerBench[]): string[] {
  return [
    'Warm-up, first slice → last slice (how each server changed while its state filled up):',
    '',
    table(
      ['server', 'events', 'seconds', 'CPU µs/event', 'req/s', 'heap MB'],
      servers.map(({ kind, workers, warmup }) => [
        `${labels[kind]}${workers ? ` ×${workers}` : ''}`,
        integer(warmup.events),
        fixed(warmup.seconds, 0),
        `${fixed(warmup.first.cpuUsPerEvent, 1)} → ${fixed(warmup.last.cpuUsPerEvent, 1)}`,
        `${integer(warmup.first.requestsPerS)} → ${integer(warmup.last.requestsPerS)}`,
        `${fixed(warmup.first.heapMb, 0)} → ${fixed(warmup.last.heapMb, 0)}`,
      ])
    ),
    '',
  ]
}

function collectorSection(results: BenchResults): string[] {
  const out: string[] = ['## 1. Collector throughput and latency', '']
  const { bodies, options } = results
  out.push(
    `autocannon on 127.0.0.1, \`POST /v1/events\` with \`Content-Type: text/plain\` (what the SDK ` +
      `sends), ${bodies.eventsPerBatch}-event batches of ${bytes(bodies.bodyBytes)} bytes ` +
      `(${fixed(bodies.eventBytes, 0)} bytes per event: page views, clicks, actions, scroll ` +
      `marks built from the schema catalogue's examples), every event id unique. ` +
      `${options.durationS} s per point, after an unmeasured warm-up in ${options.warmupS} s ` +
      `slices that goes on until each collector process has accepted ` +
      `${integer(options.warmupEvents)} events (past its default 200,000-entry dedup window, so ` +
      `the points measure a collector whose bounded state is full, as after minutes of ` +
      `traffic; see the warm-up table), and run as ${options.rounds} rounds of ${fixed(options.durationS / options.rounds, 1)} s ` +
      `in which the servers take turns (so load from other work drifts over all of them ` +
      `alike; p50 is the mean of the rounds', p99 the worst round's). Each server runs in a ` +
      `process of its own; CPU is \`process.cpuUsage()\` of ` +
      `that process (all its threads) over the point, divided by the answered requests; ` +
      `"server loop busy" is its event-loop utilization (near 100 %: the server is the ` +
      `bottleneck, not the load generator). "Other CPU" is what processes outside the bench ` +
      `used meanwhile, as a share of all cores (\`/proc/stat\`).`,
    ''
  )
  if (results.servers.length === 0) return [...out, 'Not run.', '']
  const hono = serverOf(results, 'hono')
  const rows: string[][] = []
  for (const server of results.servers) {
    for (const point of server.points) {
      const reference = hono?.points.find((other) => other.connections === point.connections)
      rows.push(pointRow(labels[server.kind], point, reference))
    }
  }
  out.push(table(pointHeader, rows), '')
  out.push(...warmupTable(results.servers))

  const halves = results.servers.filter((server) => server.halfRate)
  if (halves.length > 0) {
    out.push(
      '### At half the best rate',
      '',
      "Half of each server's best requests/s above, paced evenly (request i is due at " +
        'start + i / rate) over at most as many keep-alive connections as its largest point, ' +
        'open loop: each latency runs from when its request was due, so waiting for a free ' +
        'connection counts (no coordinated omission). Not autocannon: its `overallRate` gives ' +
        'each connection a quota per second that it fires back to back when the second starts, ' +
        'so all connections burst together and its percentiles are those of the burst.',
      '',
      table(
        pointHeader,
        halves.map((server) => pointRow(labels[server.kind], server.halfRate!, undefined))
      ),
      ''
    )
    const unpaced = halves.filter((server) => !keptPace(server.halfRate!))
    if (unpaced.length > 0) {
      const which = unpaced.map(
        (server) =>
          `${labels[server.kind]} (${integer(server.halfRate!.requestsPerS)} of ` +
          `${integer(server.halfRate!.overallRate!)}/s)`
      )
      out.push(
        `The load generator (one Node process) could not send at the asked rate for ` +
          `${which.join(', ')}: requests queued in it, and that row's latency is its backlog, ` +
          `not the server's.`,
        ''
      )
    }
    const delays = halves.map(({ kind, halfRate }) => {
      const { p99, max } = halfRate!.loopDelayMs
      return `${labels[kind]} ${fixed(p99, 1)} / ${fixed(max, 1)} ms`
    })
    out.push(
      `Each server's event loop over its paced point: how late it ran a timer due every 10 ms ` +
        `(\`monitorEventLoopDelay\`), 99th percentile / maximum: ${delays.join(', ')}. A ` +
        `request that arrives during such a delay waits it out; the rest of its latency is its ` +
        `own handling and, for the collector → Kafka, the broker's acknowledgement.`,
      ''
    )
  }

  const kafka = serverOf(results, 'collector-kafka')
  if (kafka) {
    const broker = kafka.points.map(
      (point) => `${point.connections} connections: ${fixed(point.brokerCpuUsPerEvent, 2)} µs`
    )
    out.push(`Kafka broker CPU per event (JVM, from \`/proc\`): ${broker.join(', ')}.`, '')
    if (kafka.delivery) {
      const { accepted, spooled, inTopic } = kafka.delivery
      out.push(
        `Delivery check: the collector accepted ${integer(accepted)} events over its life ` +
          `(${integer(spooled)} of them through the spool); the topic holds ${integer(inTopic)} ` +
          `records after it stopped${inTopic === accepted ? ' (all of them)' : ' (**they differ**)'}.`,
        ''
      )
    }
  }

  const nul = serverOf(results, 'collector-null')
  if (hono && nul) {
    // Same connection count as the collector's best point, so both carry the same HTTP load.
    const atSameCount = (server: ServerBench) =>
      server.points.find((point) => point.connections === nul.best.connections) ?? server.best
    const reference = atSameCount(hono)
    const perEvent = (from: PointResult, to: PointResult) =>
      (to.cpuUsPerRequest - from.cpuUsPerRequest) / results.bodies.eventsPerBatch
    out.push(
      `Of the null-publisher collector's ${fixed(nul.best.cpuUsPerEvent, 2)} µs per event at ` +
        `${nul.best.connections} connections, bare Hono's HTTP handling and body read account ` +
        `for ${fixed(reference.cpuUsPerEvent, 2)} µs (its own point at the same connection ` +
        `count); the collector's pipeline and middleware add ` +
        `**${fixed(perEvent(reference, nul.best), 2)} µs per event**.`,
      ''
    )
    const json = serverOf(results, 'hono-json')
    if (json) {
      const roundTrip = atSameCount(json)
      out.push(
        `Of those, parsing the body and serializing each event again, which any collector ` +
          `that decodes events and writes each as a record does, cost ` +
          `${fixed(perEvent(reference, roundTrip), 2)} µs per event (bare Hono + JSON round ` +
          `trip, ${fixed(roundTrip.cpuUsPerEvent, 2)} µs per event in all); validation, dedup, ` +
          `sessions, enrichment, metrics and the collector's middleware the other ` +
          `${fixed(perEvent(roundTrip, nul.best), 2)} µs.`,
        ''
      )
    }
  }

  out.push('### Targets', '')
  out.push(
    table(
      ['target', 'measured', 'threshold', 'verdict'],
      judgeTargets(results).map((target) => [
        target.name,
        target.measured,
        target.threshold,
        verdict(target.pass),
      ])
    ),
    ''
  )
  const webHono = serverOf(results, 'hono-web')
  if (webHono && kafka) {
    out.push(
      `Against bare Hono reading the body with \`c.req.text()\` (Hono's own API, ` +
        `${integer(webHono.best.requestsPerS)} req/s at best), the real collector's share is ` +
        `${percent(kafka.best.requestsPerS / webHono.best.requestsPerS, 1)}. The collector ` +
        `reads Node's request stream instead (docs/decisions.md), so the ceiling above reads ` +
        `it the same way.`,
      ''
    )
  }
  const late = results.servers
    .filter((server) => server.halfRate?.lateP99Ms !== undefined && keptPace(server.halfRate))
    .map((server) => `${labels[server.kind]} ${fixed(server.halfRate!.lateP99Ms, 1)} ms`)
  if (late.length > 0) {
    out.push(
      `How late the load generator itself issued the paced requests, 99th percentile (its ` +
        `event loop behind the schedule; it shares the cores with the server and the broker, ` +
        `and a request issued late counts that in its latency): ${late.join(', ')}.`,
      ''
    )
  }
  const references = results.servers
    .filter((server) => server.kind !== 'collector-kafka' && server.halfRate)
    .filter((server) => keptPace(server.halfRate!))
    .map((server) => `${labels[server.kind]} ${fixed(server.halfRate!.p99Ms, 1)} ms`)
  if (references.length > 0) {
    out.push(
      `For scale, p99 at half their own best rate in the same run: ${references.join(', ')}.`,
      ''
    )
  }
  return out
}

function profileSection(results: BenchResults): string[] {
  if (results.profiles.length === 0) return []
  const out = ['### CPU profiles of the collector', '']
  out.push(
    `Extra runs under \`node --cpu-prof\` at ${results.profiles[0]!.point.connections} ` +
      `connections for ${results.options.durationS} s each, the last one paced at half the ` +
      `collector → Kafka's best rate (where the p99 target is judged), after the same warm-up (profiling ` +
      `slows the server: these runs are not in the tables above). Only the samples of the ` +
      `measured window are summed, so start-up and module loading stay out. Self time of the ` +
      `main thread; shares are of its busy time; paths are the built code the server runs ` +
      `(\`collector/dist\`, compiled from \`collector/src\`).`,
    ''
  )
  for (const { kind, point, summary } of results.profiles) {
    out.push(
      `#### ${labels[kind]}${point.overallRate ? `, paced at ${integer(point.overallRate)} req/s` : ''}`,
      '',
      `${integer(point.requestsPerS)} req/s while profiled; main thread ${integer(summary.busyMs)} ms ` +
        `busy, ${integer(summary.idleMs)} ms idle` +
        (summary.windowed ? '.' : ' (**whole process life**: the window could not be matched).'),
      '',
      table(
        ['owner', 'self time', 'share'],
        summary.byOwner
          .slice(0, 10)
          .map((owner) => [owner.owner, `${integer(owner.selfMs)} ms`, percent(owner.share, 1)])
      ),
      '',
      table(
        ['#', 'function', 'where', 'self time', 'share'],
        summary.top.map((entry, index) => [
          String(index + 1),
          `\`${entry.functionName}\``,
          entry.location ? `\`${entry.location}\`` : entry.owner,
          `${integer(entry.selfMs)} ms`,
          percent(entry.share, 1),
        ])
      ),
      ''
    )
  }
  out.push(...pacedComparison(results.profiles))
  return out
}

/**
 * The collector → Kafka's main thread per request as fast as it goes and paced at half that
 * rate, function by function: where the extra CPU of a request at half rate goes.
 */
function pacedComparison(profiles: ProfileResult[]): string[] {
  const kafka = profiles.filter((profile) => profile.kind === 'collector-kafka')
  const saturated = kafka.find((profile) => !profile.point.overallRate)
  const paced = kafka.find((profile) => profile.point.overallRate)
  if (!saturated || !paced) return []
  const perRequest = (profile: ProfileResult, ms: number) => (ms * 1000) / profile.point.requests
  const busy = (profile: ProfileResult) => perRequest(profile, profile.summary.busyMs)
  const key = (entry: SelfTime) => `${entry.functionName} ${entry.location}`
  const before = new Map(saturated.summary.top.map((entry) => [key(entry), entry.selfMs]))
  return [
    `#### collector → Kafka: a request as fast as it goes and at half rate`,
    '',
    `Main thread per request: ${us(busy(saturated))} as fast as it goes, ${us(busy(paced))} ` +
      `paced at ${integer(paced.point.overallRate!)} req/s (× ${fixed(busy(paced) / busy(saturated), 2)}). ` +
      `At half rate fewer requests share each turn of the event loop and each produce request, ` +
      `and the process sleeps between requests while the broker and the load generator run on ` +
      `the same 2 cores. The top functions of the paced run (— where a function is not among ` +
      `the saturated run's top ${saturated.summary.top.length}):`,
    '',
    table(
      ['function', 'where', 'as fast as it goes', 'half rate'],
      paced.summary.top
        .slice(0, 12)
        .map((entry) => [
          `\`${entry.functionName}\``,
          entry.location ? `\`${entry.location}\`` : entry.owner,
          us(before.has(key(entry)) ? perRequest(saturated, before.get(key(entry))!) : undefined),
          us(perRequest(paced, entry.selfMs)),
        ])
    ),
    '',
  ]
}

function ceilingSection(results: BenchResults): string[] {
  const { ceiling } = results
  if (!ceiling) return []
  const collectorMode = ceiling.results.filter((result) => result.mode === 'structured')
  const best = collectorMode.reduce((a, b) => (b.recordsPerS > a.recordsPerS ? b : a))
  const kafka = serverOf(results, 'collector-kafka')
  const out = ['## 2. Kafka produce ceiling', '']
  out.push(
    `Raw kafkajs producing the collector's own records (captured from \`createCollector\` with ` +
      `a recording publisher: same keys, values and headers; structured mode, the collector's ` +
      `default, ` +
      `${fixed(ceiling.recordBytes, 0)} bytes per record before framing) to the ` +
      `same single-node Kafka, with the collector's guarantees: idempotent, \`acks: -1\`, ` +
      `one request in flight per producer, murmur2 keys, no compression, the collector's ` +
      `TCP_NODELAY sockets. Each producer sends ` +
      `its next batch as soon as the last is acknowledged, for ${results.options.durationS} s. ` +
      `The binary-mode row sends the same events as the collector's \`recordMode: "binary"\` ` +
      `writes them, with a \`ce_*\` header per attribute (CloudEvents Kafka binding §3.2), to ` +
      `show what per-attribute headers cost in kafkajs; the ceiling the collector is compared ` +
      `with is the best structured row.`,
    '',
    table(
      [
        'records',
        'bytes/record',
        'headers',
        'producers',
        'records per send',
        'records/s',
        'MB/s',
        'client CPU µs/record',
        'broker CPU µs/record',
      ],
      ceiling.results.map((result) => [
        result.mode === 'structured'
          ? 'structured mode (as the collector writes by default)'
          : 'binary mode',
        integer(result.recordBytes),
        String(result.headers),
        String(result.producers),
        integer(result.recordsPerSend),
        integer(result.recordsPerS),
        fixed(result.megabytesPerS, 1),
        fixed(result.clientCpuUsPerRecord, 2),
        fixed(result.brokerCpuUsPerRecord, 2),
      ])
    ),
    ''
  )
  if (kafka) {
    out.push(
      `The collector's best (${integer(kafka.best.eventsPerS)} events/s at ` +
        `${kafka.best.connections} connections) is **${percent(kafka.best.eventsPerS / best.recordsPerS, 1)}** ` +
        `of the best ceiling (${integer(best.recordsPerS)} records/s).`,
      ''
    )
  }
  return out
}

function sizeRow(row: SizeRow): string[] {
  return [
    `${row.name} ${row.version}`,
    `\`${row.what}\``,
    bytes(row.minBytes),
    bytes(row.gzipBytes),
    row.initial ? `${bytes(row.initial.minBytes)} / ${bytes(row.initial.gzipBytes)}` : '—',
    row.note ?? '',
  ]
}

function sizesSection(results: BenchResults): string[] {
  const { sizes } = results
  if (!sizes) return []
  const header = [
    'SDK',
    'measured',
    'min bytes',
    'gzip -9 bytes',
    'entry chunk when split (min / gzip)',
    'note',
  ]
  return [
    '## 3. SDK size against peers',
    '',
    "Bundled the same way: each package's documented npm usage (the first line shown; it also " +
      'initialises it and records a page view where that is a call of its own) bundled with ' +
      'rollup 4 (`@rollup/plugin-node-resolve` with `browser: true`, `@rollup/plugin-commonjs`) ' +
      "into one IIFE with lazily loaded chunks inlined, minified with the SDK's own terser " +
      'settings, then gzip level 9. Where the package has lazily loaded chunks, the entry chunk ' +
      'of a code-split build is shown too (what the page loads first). Code fetched from a ' +
      'vendor CDN at run time is not in any number.',
    '',
    table(header, sizes.bundled.map(sizeRow)),
    '',
    'Prebuilt browser files as the packages ship them (bytes as is, then gzip level 9):',
    '',
    table(header, sizes.prebuilt.map(sizeRow)),
    '',
  ]
}

/** What each SDK source file does for a click, for the profile's table. */
const SDK_FILE_ROLES: Record<string, string> = {
  'sdk/src/delivery/transport.ts': 'the `fetch` call of each request',
  'sdk/src/delivery/sender.ts': 'when to send; retries',
  'sdk/src/delivery/queue.ts': 'the queue: bounds, batches, localStorage',
  'sdk/src/clickstream.ts': 'capture: consent, stamping, each event as JSON',
  'sdk/src/core/event.ts': 'the CloudEvent: id, RFC 3339 time, path',
  'sdk/src/core/uuid.ts': 'UUIDv7 ids',
  'sdk/src/core/session.ts': 'the session',
  'sdk/src/core/identity.ts': 'anonymous id, session and user id on each event',
  'sdk/src/core/listen.ts': 'the guarded listener around every handler',
  'sdk/src/capture/clicks.ts': 'the click listener: target, declared action',
  'sdk/src/capture/element.ts': 'the element descriptor',
  'sdk/src/capture/selector.ts': 'the CSS selector',
  'sdk/src/capture/text.ts': "the element's text",
  'sdk/src/capture/dead-clicks.ts': 'dead clicks: the MutationObserver, the timer',
  'sdk/src/capture/rage-clicks.ts': 'rage clicks',
}

/** The browser section's table of where the SDK's JavaScript per dispatched click goes. */
export function sdkProfileLines(
  profile: SdkProfile,
  mainThread: MainThreadCost | undefined
): string[] {
  const measured = mainThread
    ? ` against ${us(mainThread.dispatched.scriptUsPerEvent.median)} of JavaScript per event ` +
      `measured without the profiler above`
    : ''
  return [
    "### Where the SDK's JavaScript per dispatched click goes",
    '',
    `The page with the tag (minified, as sites load it) takes ` +
      `${fixed(profile.warmUpClicks, 0)} unprofiled dispatched clicks ` +
      `and a flush, then ${fixed(profile.clicks, 0)} dispatched clicks and a flush under the ` +
      `DevTools CPU profiler, sampling every ${fixed(profile.intervalUs, 0)} µs. A sample with ` +
      `the tag's code on the stack counts for the source file of the innermost tag function on ` +
      `it (\`clickstream.iife.js.map\`; code the minifier inlined counts for the function it ` +
      `went into). So a browser function the SDK calls (\`fetch\`, \`closest\` or ` +
      `\`JSON.stringify\`) counts for the file that called it. ` +
      `Sampling costs the page time too: ${us(profile.sdkUsPerClick)} per click with the tag's ` +
      `code on the stack${measured}.`,
    '',
    table(
      ['source file', 'what it does for a click', 'µs per click', 'share'],
      profile.files.map(({ file, usPerClick, share }) => [
        `\`${file}\``,
        SDK_FILE_ROLES[file] ?? '',
        fixed(usPerClick, 2),
        `${fixed(share * 100, 1)} %`,
      ])
    ),
    '',
  ]
}

function browserSection(results: BenchResults): string[] {
  const { mainThread, endToEnd } = results
  if (!mainThread && !endToEnd) return []
  const out = ['## 4. SDK in real Chromium', '']
  if (mainThread) {
    const { real, dispatched } = mainThread
    const range = ({ median, min, max }: Spread) =>
      `**${us(median)}** (${fixed(min)}–${fixed(max)})`
    const row = (label: string, cost: ModeCost) => [
      label,
      `${fixed(cost.events, 0)} / ${fixed(cost.requests, 0)}`,
      range(cost.scriptUsPerEvent),
      range(cost.taskUsPerEvent),
      `${us(cost.fetchUsPerEvent.median)} / ${us(cost.taskUsPerEventBesidesFetch.median)}`,
      `${us(cost.scriptUsPerClick.withTag)} / ${us(cost.scriptUsPerClick.withoutTag)}`,
    ]
    const ratio = ({ median, min, max }: Spread) =>
      `**× ${fixed(median, 2)}** (${fixed(min, 2)}–${fixed(max, 2)})`
    const { reference } = mainThread
    const raw = (loads: LoadResult[], mode: ClickMode, key: 'scriptMs' | 'taskMs') =>
      loads.map((load) => fixed(load[mode][key])).join(', ')
    out.push(
      '### Main-thread cost per captured event',
      '',
      `Debian's Chromium (headless), driven over the DevTools protocol directly ` +
        `(\`launchChromiumCdp\` of \`@clickstream/chromium-local\`): Playwright's network ` +
        `agent, on in every page it drives, adds 0.5–1 ms of main thread to every request. The ` +
        `same page of 200 buttons (each updates a cart line, as a shop's do, so no click is a ` +
        `dead click; consecutive clicks are 60 px apart, so none is a rage click) is loaded with ` +
        `the tag (\`sdk/dist/clickstream.iife.js\`, default settings: everything captured, ` +
        `batches of 50 sent with \`fetch\` to a stand-in collector on the same origin), with ` +
        `the reference tag (below) and without a tag. ${mainThread.rounds} rounds, each loading ` +
        `the three pages, the order rotating. ` +
        `Per load: ${mainThread.warmUpClicks} unmeasured real clicks, then ${real.clicks} real ` +
        `clicks, then ${dispatched.clicks} page-dispatched clicks. CDP ` +
        `\`Performance.getMetrics\` in thread ticks (CPU time of the renderer's main thread: ` +
        `\`ScriptDuration\` for JavaScript, \`TaskDuration\` for all its work) is read around ` +
        `each kind of click, after a flush and once the stand-in has every click, so sending and ` +
        `its answers are in. Per event: (with the tag − without) / the events the stand-in ` +
        `received from the page; median over rounds, range in brackets.`,
      '',
      table(
        [
          'clicks',
          'events / requests per load',
          'JavaScript per event',
          'all main-thread work per event',
          'in `fetch` calls / the rest',
          'JavaScript per click, with / without tag',
        ],
        [
          row('real (CDP input)', real),
          row('dispatched by the page', dispatched),
          row('reference tag, real', reference.real),
          row('reference tag, dispatched', reference.dispatched),
        ]
      ),
      '',
      `Issue 3's bar, at most ${TARGETS.maxSdkUsPerEvent} µs of main-thread JavaScript per ` +
        `captured event: ${(['dispatched', 'real'] as const)
          .map((mode) => {
            const { median } = mainThread[mode].scriptUsPerEvent
            return `${mode} clicks ${verdict(median <= TARGETS.maxSdkUsPerEvent)}`
          })
          .join(', ')}. The reference tag takes ` +
        `${us(reference.dispatched.scriptUsPerEvent.median)} per dispatched and ` +
        `${us(reference.real.scriptUsPerEvent.median)} per real click on the same page in the ` +
        `same rounds.`,
      '',
      `**Against the reference tag**, the least a batching tag does for a click ` +
        `(\`packages/bench/src/browser/reference-tag.ts\`: one capture-phase listener; per click ` +
        `a CloudEvent with \`crypto.randomUUID()\`, the time, the path, the element's tag, id ` +
        `and text and the position, as JSON; batches of 50, each in one keepalive \`fetch\`, one at a time; no ` +
        `descriptor, rage or dead clicks, session, persistent queue or retries), the SDK's ` +
        `JavaScript per event is ${ratio(mainThread.ratio.dispatched)} for dispatched clicks and ` +
        `${ratio(mainThread.ratio.real)} for real clicks (per round, median and range): what ` +
        `the SDK's features cost on top of what any tag costs on this machine.`,
      '',
      `- **Real clicks** (\`Input.dispatchMouseEvent\` move, press, release, as Playwright's ` +
        `\`page.mouse\` sends them: Chromium's input pipeline, hit testing, pointer, mouse, ` +
        `focus and click events, a rendering update after each): what a visitor's click costs, ` +
        `the SDK's \`focusin\` (forms) and \`click\` listeners included (the page has no ` +
        `touch input, so the SDK listens for no gestures). Code that runs right after a rendering update runs cold: the page's own ` +
        `one-line click handler takes ${us(real.scriptUsPerClick.withoutTag)} of JavaScript per ` +
        `real click here against ${us(dispatched.scriptUsPerClick.withoutTag)} per dispatched ` +
        `click, and the SDK's work pays the same multiplier. Each real click costs the page ` +
        `${us(real.taskUsPerClick.withoutTag)} of main thread without the tag, so the all-work ` +
        `difference is far noisier than the JavaScript one.`,
      `- **Dispatched clicks** (\`HTMLElement.click()\`, one per task, back to back): the click ` +
        `event only, no input and no rendering in between: the SDK's own work (descriptor, rage ` +
        `and dead click detection, CloudEvent, session, queue, batching and sending), warm.`,
      `- **Requests**: the page times its \`fetch\` calls (the tag's requests; wall time of the ` +
        `call itself, not of the answer): the browser's request handling, which only fewer, ` +
        `larger batches reduce. \`ScriptDuration\` counts what runs from events and timers, ` +
        `not the promise reactions to an answer; \`TaskDuration\` counts everything.`,
      '',
      `Raw per load, ms. Real clicks, script: with the tag ` +
        `${raw(mainThread.withTag, 'real', 'scriptMs')}; without ` +
        `${raw(mainThread.withoutTag, 'real', 'scriptMs')}; all work: with ` +
        `${raw(mainThread.withTag, 'real', 'taskMs')}; without ` +
        `${raw(mainThread.withoutTag, 'real', 'taskMs')}. Dispatched clicks, script: with ` +
        `${raw(mainThread.withTag, 'dispatched', 'scriptMs')}; without ` +
        `${raw(mainThread.withoutTag, 'dispatched', 'scriptMs')}; all work: with ` +
        `${raw(mainThread.withTag, 'dispatched', 'taskMs')}; without ` +
        `${raw(mainThread.withoutTag, 'dispatched', 'taskMs')}. Reference tag, script: real ` +
        `${raw(mainThread.withReference, 'real', 'scriptMs')}; dispatched ` +
        `${raw(mainThread.withReference, 'dispatched', 'scriptMs')}.`,
      ''
    )
  }
  if (results.sdkProfile) out.push(...sdkProfileLines(results.sdkProfile, mainThread))
  if (endToEnd) {
    const { total } = endToEnd
    out.push(
      '### End-to-end latency: click → Kafka consumer',
      '',
      `${endToEnd.clicks} real clicks, one at a time, on the page with the tag set to ` +
        `\`data-batch-size="${endToEnd.batchSize}"\` (every event is sent at once; the default ` +
        `batches 50 events or waits up to the 5 s flush interval). The tag sends to the real ` +
        `collector (its own process, Kafka publisher, acks=all), a kafkajs consumer ` +
        `(\`maxWaitTimeInMs: 100\`) in the bench process reads the topic. Timed from just ` +
        `before \`page.mouse.click\` to the record reaching \`eachMessage\`; one unmeasured ` +
        `warm-up click first. ${endToEnd.lost} of ${endToEnd.clicks} clicks did not reach the ` +
        `consumer within ${CLICK_TIMEOUT_MS / 1000} s (left out of the percentiles, counted ` +
        `here); the collector spooled ${endToEnd.spooled ?? 'an unknown number of'} events.`,
      '',
      table(
        ['p50', 'p90', 'p99', 'max'],
        [[total.p50, total.p90, total.p99, total.max].map((ms) => `${fixed(ms, 1)} ms`)]
      ),
      '',
      `Medians of the legs (the event's \`time\` and \`receivedat\` have millisecond ` +
        `resolution, same clock): click → SDK capture ${fixed(endToEnd.clickToCaptureMs, 1)} ms ` +
        `(Playwright's mouse move, press and release over CDP), ` +
        `capture → collector receipt ${fixed(endToEnd.captureToCollectorMs, 1)} ms, receipt → ` +
        `consumer (validate, produce with acks=all, fetch) ${fixed(endToEnd.collectorToConsumerMs, 1)} ms.`,
      ''
    )
  }
  return out
}

function scalingSection(results: BenchResults): string[] {
  if (results.scaling.length === 0) return []
  const out = ['## 5. Scaling on this machine', '']
  const connections = results.scaling[0]!.best.connections
  out.push(
    `The collector in a Node cluster of 1 and of 2 worker processes sharing one port (the ` +
      `primary hands connections out round-robin), ${connections} connections, ` +
      `${results.options.durationS} s. CPU is the primary's and every worker's. The machine ` +
      `has ${results.machine.cores} cores for the load generator, the workers and, for the ` +
      `Kafka rows, the broker.`,
    '',
    table(
      [
        'collector',
        'processes',
        'req/s',
        'events/s',
        'vs 1 process',
        'p50 ms',
        'p99 ms',
        'CPU µs/event',
        'loop busy',
        'load generator CPU',
        'other CPU',
      ],
      results.scaling.map((run) => {
        const single = results.scaling.find(
          (other) => other.kind === run.kind && other.workers === 1
        )
        return [
          labels[run.kind],
          String(run.workers),
          integer(run.best.requestsPerS),
          integer(run.best.eventsPerS),
          single ? `× ${fixed(run.best.eventsPerS / single.best.eventsPerS, 2)}` : 'n/a',
          fixed(run.best.p50Ms),
          fixed(run.best.p99Ms),
          fixed(run.best.cpuUsPerEvent, 2),
          percent(run.best.loopUtilization),
          percent(run.best.loadGeneratorShare),
          percent(run.best.foreignShare),
        ]
      })
    ),
    ''
  )
  out.push(...warmupTable(results.scaling))
  out.push(...scalingParagraph(results), '')
  return out
}

function scalingParagraph(results: BenchResults): string[] {
  const find = (kind: ServerKind, workers: number) =>
    results.scaling.find((run) => run.kind === kind && run.workers === workers)
  const nul1 = find('collector-null', 1)
  const nul2 = find('collector-null', 2)
  const kafka1 = find('collector-kafka', 1)
  const kafka2 = find('collector-kafka', 2)
  const ceiling = results.ceiling?.results
    .filter((result) => result.mode === 'structured' && result.producers === 1)
    .reduce((a, b) => (b.recordsPerS > a.recordsPerS ? b : a))
  const cores = results.machine.cores
  const numbers: string[] = []
  if (nul1) {
    numbers.push(
      `one collector process spends ${fixed(nul1.best.cpuUsPerEvent, 2)} µs of CPU per event ` +
        `before Kafka (HTTP included), about ${integer(1e6 / nul1.best.cpuUsPerEvent)} events/s ` +
        'per fully busy core'
    )
  }
  if (nul1 && nul2) {
    numbers.push(
      `two processes without Kafka took ${integer(nul2.best.eventsPerS)} events/s against ` +
        `${integer(nul1.best.eventsPerS)} for one (× ${fixed(nul2.best.eventsPerS / nul1.best.eventsPerS, 2)})`
    )
  }
  if (kafka1 && kafka2) {
    numbers.push(
      `with Kafka, ${integer(kafka2.best.eventsPerS)} against ${integer(kafka1.best.eventsPerS)} ` +
        `events/s (× ${fixed(kafka2.best.eventsPerS / kafka1.best.eventsPerS, 2)})`
    )
  }
  if (ceiling) {
    numbers.push(
      `one kafkajs producer (one request in flight, as each collector has) reached ` +
        `${integer(ceiling.recordsPerS)} records/s against the single broker at ` +
        `${fixed(ceiling.clientCpuUsPerRecord, 1)} µs of client CPU per record against ` +
        `${fixed(ceiling.brokerCpuUsPerRecord, 1)} µs on the broker` +
        (ceiling.brokerCpuUsPerRecord !== undefined &&
        ceiling.clientCpuUsPerRecord > 2 * ceiling.brokerCpuUsPerRecord
          ? ", so each collector process is bounded by its own producer's CPU well before one " +
            'broker is'
          : '')
    )
  }
  return [
    '### How the design scales past one machine',
    '',
    'Collectors are stateless behind a load balancer (DESIGN.md): the state that must span ' +
      'instances, the sessions and the dedup window, lives in Redis when one is configured, and ' +
      'then any instance can take any request. Without Redis each instance keeps them in its ' +
      'own memory and sessionizes and dedups only what reaches it, so the balancer must keep a ' +
      'visitor on one instance (or Redis must be configured) once there is more than one. ' +
      'Every collector has its own idempotent producer with one request in flight, so adding ' +
      "collectors adds producer parallelism; Kafka spreads a topic's partitions over its " +
      'brokers, so adding brokers and partitions adds log throughput, and keying records by ' +
      'session id keeps each session in ' +
      'order on one partition. We write no distributed engine of our own.',
    '',
    numbers.length > 0
      ? `In this run: ${numbers.join('; ')}. On ${cores} cores the load generator, the ` +
        'collector processes, the broker and whatever else runs on the machine compete for ' +
        'the same CPUs (see the load generator and other-CPU columns): a second process here ' +
        "mostly takes CPU from the others, so these factors measure this box's contention, " +
        'not what a second machine adds. What carries over is the CPU per event: collectors ' +
        'on machines of their own add throughput until the brokers or the partitions run out.'
      : 'No scaling numbers in this run.',
  ]
}

/** Renders a run's results as BENCHMARKS.md. */
export function renderReport(results: BenchResults, command: string): string {
  const { machine } = results
  const minutes = (results.finishedAt.getTime() - results.startedAt.getTime()) / 60_000
  const busy =
    machine.loadAverage[0]! > machine.cores * 0.5 || results.loadAverageAtEnd > machine.cores * 0.5
  const out: string[] = [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (packages/bench); edits here are overwritten. -->',
    '',
    `- Date: ${results.startedAt.toISOString()} (${fixed(minutes, 1)} min)`,
    `- Command: \`${command}\``,
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${fixed(machine.memoryGiB, 1)} GiB ` +
      `memory, ${machine.os}, Node ${machine.node}`,
    `- Load average (1 min) at start ${fixed(machine.loadAverage[0], 2)}, at end ` +
      `${fixed(results.loadAverageAtEnd, 2)}` +
      (busy
        ? ': **the machine was shared** with other work during the run (see the "other CPU" ' +
          'columns); absolute numbers are noisy, compare the ratios within this run.'
        : '.'),
    `- Kafka: ${
      results.kafka
        ? results.kafka.local
          ? `single node from \`packages/kafka-local\` on 127.0.0.1, ${results.kafka.partitions} partitions per topic`
          : `external (\`${results.kafka.brokers}\`)`
        : 'not used'
    }`,
    '',
  ]
  if (results.retried.length > 0) {
    out.push(
      'Sections run a second time after a failed attempt (their numbers are from the second):',
      '',
      ...results.retried.map(({ section, message }) => `- ${section}: ${message}`),
      ''
    )
  }
  if (results.failures.length > 0) {
    out.push(
      '**Sections that failed in this run:**',
      '',
      ...results.failures.map(({ section, message }) => `- ${section}: ${message}`),
      ''
    )
  }
  out.push(
    ...collectorSection(results),
    ...profileSection(results),
    ...ceilingSection(results),
    ...sizesSection(results),
    ...browserSection(results),
    ...scalingSection(results)
  )
  return `${out.join('\n').trimEnd()}\n`
}
