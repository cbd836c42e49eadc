import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EVENTS_DOC_PATH, generateEventsDoc } from '../scripts/events-doc.js'
import { catalogue } from '../src/catalogue.js'

describe('docs/events.md', () => {
  const committed = readFileSync(new URL(`../../../${EVENTS_DOC_PATH}`, import.meta.url), 'utf8')

  it('is up to date with the schemas (run `npm run docs -w @clickstream/schema`)', () => {
    expect(generateEventsDoc()).toBe(committed)
  })

  it('lists every built-in event type with its schema and an example record', () => {
    // Each example record's value: the whole event, as JSON, between `value` and the fence's end.
    const values = [...committed.matchAll(/^value\n(\{\n[\s\S]*?\n\})\n```/gm)].map(
      (match) => JSON.parse(match[1]!) as { type: string; data: unknown }
    )
    for (const entry of catalogue) {
      expect(committed).toContain(`## \`${entry.type}\``)
      expect(values.find((event) => event.type === entry.type)?.data).toEqual(entry.example)
    }
  })
})
