/**
 * Measures the validate stage per event: the structure limits, the CloudEvents envelope and the
 * built-in type's precompiled schema, on a realistic batch parsed by JSON.parse as the collector
 * parses it. The budget is 1 µs per event (issue 4). Run: `npm run bench -w @clickstream/collector`.
 */
import { validateEvent } from '@clickstream/schema/validate'
import { collectorConfigDefaults } from '../src/config.js'
import { validateBatch, type ValidateOptions } from '../src/pipeline/validate.js'
import { compileCustomSchemas } from '../src/validation/custom-schemas.js'
import { checkStructure } from '../src/validation/structure.js'
import { batchBody, measure } from './events.js'

const budgetNs = 1_000
const size = 100
const body = batchBody(size)
const events = JSON.parse(body) as unknown[]
const options: ValidateOptions = {
  ...collectorConfigDefaults,
  customSchemas: compileCustomSchemas(collectorConfigDefaults),
}

const check = validateBatch(events, options)
if (check.rejected.length > 0)
  throw new Error(`the bench batch is invalid: ${JSON.stringify(check.rejected[0])}`)

const rows = [
  ['validateBatch (whole stage)', measure(() => validateBatch(events, options))],
  ['  checkStructure (limits)', measure(() => events.forEach((e) => checkStructure(e, options)))],
  [
    '  validateEvent (envelope + type schema)',
    measure(() => events.forEach((e) => validateEvent(e))),
  ],
  ['for scale: JSON.parse of the body', measure(() => JSON.parse(body))],
] as const

console.log(
  `validate stage, ${size}-event batches of ${(body.length / size).toFixed(0)} bytes per event`
)
console.log(`${'what'.padEnd(44)} ${'best'.padStart(10)} ${'median'.padStart(10)}   (ns per event)`)
for (const [name, { best, median }] of rows) {
  console.log(
    `${name.padEnd(44)} ${(best / size).toFixed(0).padStart(10)} ${(median / size).toFixed(0).padStart(10)}`
  )
}
const stage = rows[0][1]
const verdict = stage.best / size <= budgetNs ? 'within' : 'OVER'
console.log(
  `\nvalidation: ${(stage.best / size / 1000).toFixed(2)} µs/event (best), ${(stage.median / size / 1000).toFixed(2)} µs/event (median): ${verdict} the ${budgetNs / 1000} µs budget`
)
