/**
 * Writes docs/events.md from the event catalogue. Run `npm run docs -w @clickstream/schema` after
 * changing a schema or an example; a unit test fails while the page is stale.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { EVENTS_DOC_PATH, generateEventsDoc } from './events-doc.js'

const target = fileURLToPath(new URL(`../../../${EVENTS_DOC_PATH}`, import.meta.url))
writeFileSync(target, generateEventsDoc())
console.log(`wrote ${target}`)
