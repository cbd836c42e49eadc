import { catalogue, EVENT_TYPES } from '@clickstream/schema'

const base = {
  specversion: '1.0',
  source: 'https://shop.example',
  subject: '/products/42',
  datacontenttype: 'application/json',
  anonymousid: '0193f1c2-6b21-7c3e-8f10-4d2a9e6b7c01',
  sessionid: '0193f1c2-6b21-7c3e-8f10-4d2a9e6b7c02',
  sentat: '2026-11-27T10:00:01.000Z',
}

const exampleOf = (type: string) => catalogue.find((entry) => entry.type === type)!.example

/** What the SDK sends most, in about the proportions a shop sees: the schema's examples. */
const kinds = [
  EVENT_TYPES.pageView,
  EVENT_TYPES.click,
  EVENT_TYPES.click,
  EVENT_TYPES.scrollDepth,
  EVENT_TYPES.action,
  EVENT_TYPES.formSubmit,
].map((type) => ({ type, data: exampleOf(type) }))

/** A batch body of `count` realistic events, as the SDK serializes it. */
export function batchBody(count: number, seed = 0): string {
  const events = Array.from({ length: count }, (_, i) => {
    const kind = kinds[(i + seed) % kinds.length]!
    const id = `0193f1c2-7d4e-7a01-9c55-${String(seed * 10_000 + i).padStart(12, '0')}`
    return {
      ...base,
      id,
      type: kind.type,
      time: '2026-11-27T10:00:00.123Z',
      seq: i + 1,
      data: kind.data,
    }
  })
  return JSON.stringify(events)
}

/** Runs `fn` in rounds and returns the best and the median time of one call, in ns. */
export function measure(fn: () => void, { rounds = 15, calls = 200 } = {}) {
  for (let i = 0; i < calls * 3; i++) fn()
  const times: number[] = []
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < calls; i++) fn()
    times.push(Number(process.hrtime.bigint() - start) / calls)
  }
  times.sort((a, b) => a - b)
  return { best: times[0]!, median: times[Math.floor(times.length / 2)]! }
}
