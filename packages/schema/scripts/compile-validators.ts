/**
 * Compiles the event schemas to standalone validation code with Ajv, so the collector never
 * compiles schemas at run time (https://ajv.js.org/standalone.html). Run `npm run generate -w
 * @clickstream/schema` after changing a schema; a unit test fails while the output is stale.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { generateValidatorsSource } from './validators-source.js'

const target = fileURLToPath(new URL('../src/generated/validators.ts', import.meta.url))
writeFileSync(target, await generateValidatorsSource())
console.log(`wrote ${target}`)
