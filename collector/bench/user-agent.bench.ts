/**
 * Measures what user-agent parsing costs within a whole request: the CPU time of `POST
 * /v1/events` (10 events, every stage, an in-memory publisher) against the cost of the cached
 * parse each request does (ua-parser-js 1.x + client hints + isbot behind an LRU). The budget is
 * under 5% of the request's CPU (issue 4). Run: `npm run bench -w @clickstream/collector`.
 */
import { createCollector } from '../src/app.js'
import { clientHintsOf, createUserAgentParser, parseUserAgent } from '../src/enrich/user-agent.js'
import { createMemoryPublisher } from '../src/testing/memory-publisher.js'
import { batchBody, measure } from './events.js'

/** 60 distinct user agents: Chrome, Edge, Firefox and Safari on the usual systems. */
const userAgents = [
  ...[124, 125, 126, 127, 128, 129, 130, 131].flatMap((v) => [
    `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`,
    `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`,
    `Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Mobile Safari/537.36`,
    `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36 Edg/${v}.0.0.0`,
  ]),
  ...[128, 129, 130, 131, 132, 133].flatMap((v) => [
    `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`,
    `Mozilla/5.0 (X11; Linux x86_64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`,
  ]),
  ...['16_6', '17_4', '17_5', '17_6', '18_0', '18_1', '18_2'].flatMap((v) => [
    `Mozilla/5.0 (iPhone; CPU iPhone OS ${v} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v.replace('_', '.')} Mobile/15E148 Safari/604.1`,
    `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v.replace('_', '.')} Safari/605.1.15`,
  ]),
]
const chromeHints = {
  'sec-ch-ua': '"Chromium";v="131", "Not_A Brand";v="24", "Google Chrome";v="131"',
  'sec-ch-ua-mobile': '?0',
  'sec-ch-ua-platform': '"Windows"',
}
const headersOf = (i: number): Record<string, string> => {
  const userAgent = userAgents[i % userAgents.length]!
  return {
    'content-type': 'text/plain;charset=UTF-8',
    'user-agent': userAgent,
    ...(userAgent.includes('Chrome/') ? chromeHints : {}),
  }
}

const app = createCollector({ publisher: createMemoryPublisher() })
const eventsPerRequest = 10
let request = 0
async function post(): Promise<void> {
  const i = request++
  const response = await app.request('http://collector.bench/v1/events', {
    method: 'POST',
    headers: headersOf(i),
    // Fresh event ids every time, or dedup would skip most of the pipeline.
    body: batchBody(eventsPerRequest, i),
  })
  if (response.status !== 200)
    throw new Error(`answered ${response.status}: ${await response.text()}`)
}

for (let i = 0; i < 1_000; i++) await post()
const rounds: number[] = []
for (let round = 0; round < 7; round++) {
  const requests = 1_000
  const before = process.cpuUsage()
  for (let i = 0; i < requests; i++) await post()
  const used = process.cpuUsage(before)
  rounds.push(((used.user + used.system) * 1000) / requests)
}
rounds.sort((a, b) => a - b)
const requestNs = rounds[0]!

const parse = createUserAgentParser(1000)
const hints = userAgents.map((_, i) => clientHintsOf((name) => headersOf(i)[name]))
let next = 0
const cached = measure(() => {
  const i = next++ % userAgents.length
  parse(userAgents[i]!, hints[i]!)
}).best
let cold = 0
const coldRounds = 5
for (let round = 0; round < coldRounds; round++) {
  const start = process.hrtime.bigint()
  userAgents.forEach((userAgent, i) => parseUserAgent(userAgent, hints[i]))
  cold += Number(process.hrtime.bigint() - start) / userAgents.length
}
cold /= coldRounds

const share = (ns: number) => `${((ns / requestNs) * 100).toFixed(2)} %`
const missShare = (misses: number) => (1 - misses) * cached + misses * cold
console.log(
  `POST /v1/events with ${eventsPerRequest} events, ${userAgents.length} distinct user agents`
)
console.log(
  `request CPU (best of ${rounds.length} rounds of 1000)      ${(requestNs / 1000).toFixed(1)} µs`
)
console.log(
  `user agent, cached (one per request)           ${(cached / 1000).toFixed(2)} µs  ${share(cached)}`
)
console.log(
  `user agent, uncached parse                     ${(cold / 1000).toFixed(1)} µs  ${share(cold)}`
)
console.log(
  `with 5 % cache misses                          ${(missShare(0.05) / 1000).toFixed(2)} µs  ${share(missShare(0.05))}`
)
const verdict = cached / requestNs < 0.05 ? 'within' : 'OVER'
console.log(
  `\nuser-agent parsing: ${share(cached)} of request CPU with the cache: ${verdict} the 5 % budget`
)
