import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runBench } from '../src/bench.js'
import { renderReport } from '../src/report/render-report.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))

describe('the benchmark harness (1-second runs, no Kafka)', () => {
  let dir: string | undefined

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('loads bare Hono (both body reads, and with the JSON round trip) and the null-publisher collector in their own processes and writes a report', async () => {
    const results = await runBench({
      root,
      sections: ['collector'],
      kinds: ['hono', 'hono-web', 'hono-json', 'collector-null'],
      durationS: 1,
      rounds: 2,
      warmupS: 0.5,
      warmupEvents: 0,
      connections: [1, 4],
      log: () => {},
    })

    expect(results.failures).toEqual([])
    expect(results.kafka).toBeUndefined()
    expect(results.servers.map((server) => server.kind)).toEqual([
      'hono',
      'hono-web',
      'hono-json',
      'collector-null',
    ])
    for (const server of results.servers) {
      for (const point of [...server.points, server.halfRate!]) {
        expect(point.requests, `${server.kind} answered requests`).toBeGreaterThan(0)
        expect(point.non2xx, `${server.kind} non-2xx answers`).toBe(0)
        expect(point.errors, `${server.kind} connection errors`).toBe(0)
        expect(point.eventsPerS).toBeCloseTo(point.requestsPerS * results.bodies.eventsPerBatch)
        expect(point.cpuUsPerRequest, `${server.kind} CPU per request`).toBeGreaterThan(0)
        expect(point.loopUtilization).toBeGreaterThan(0)
        expect(point.loopUtilization).toBeLessThanOrEqual(1)
        expect(point.p99Ms).toBeGreaterThanOrEqual(point.p50Ms)
        // A server under load runs its 10 ms timer late at least once in a second.
        expect(point.loopDelayMs.max, `${server.kind} event-loop delay`).toBeGreaterThan(0)
        expect(point.loopDelayMs.max).toBeGreaterThanOrEqual(point.loopDelayMs.p99)
      }
    }
    // The collector counted the events of every 2xx answer, and at most the requests still in
    // flight when autocannon stopped (once per round) on top.
    const { eventsPerBatch } = results.bodies
    for (const point of results.servers[3]!.points) {
      expect(point.rounds).toBe(2)
      expect(point.eventsAccepted).toBeGreaterThanOrEqual(point.requests * eventsPerBatch)
      expect(point.eventsAccepted).toBeLessThanOrEqual(
        (point.requests + point.connections * point.rounds) * eventsPerBatch
      )
    }

    dir = await mkdtemp(join(tmpdir(), 'clickstream-bench-smoke-'))
    const file = join(dir, 'BENCHMARKS.md')
    await writeFile(file, renderReport(results, 'vitest smoke'))
    const report = await readFile(file, 'utf8')
    expect(report).toContain('# Benchmarks')
    expect(report).toContain('`vitest smoke`')
    expect(report).toContain('| bare Hono (204) | 1 |')
    expect(report).toContain('| bare Hono + JSON round trip (200) | 4 |')
    expect(report).toContain('| collector, null publisher | 4 |')
    expect(report).toMatch(
      /parsing the body and serializing each event again, .* cost -?\d+\.\d\d µs per event/
    )
    expect(report).toMatch(
      /event loop over its paced point: .* collector, null publisher \d+\.\d \/ \d+\.\d ms/
    )
    expect(report).toMatch(/server CPU before Kafka .*\| \*\*(pass|FAIL)\*\* \|/)
  }, 60_000)
})
