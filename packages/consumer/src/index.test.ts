import { expect, it } from 'vitest'
import * as consumer from './index.js'

it('exports exactly its public API', () => {
  expect(Object.keys(consumer).sort()).toMatchInlineSnapshot(`
    [
      "DEAD_LETTER_HEADERS",
      "createEventConsumer",
      "createTumblingCounter",
      "decodeRecord",
      "matchesType",
      "retry",
    ]
  `)
})
