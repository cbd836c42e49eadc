import { catalogue, type CatalogueEntry } from '../src/catalogue.js'
import {
  COLLECTOR_EXTENSIONS as X,
  DEAD_LETTER_TYPE,
  EVENT_TYPES,
  PIXEL_PATH,
  ROUTES,
  SPEC_VERSION,
  TOPICS,
} from '../src/constants.js'
import { deadLetter } from '../src/dead-letter.js'

/** Where the generated page lives, from the repository root. */
export const EVENTS_DOC_PATH = 'docs/events.md'

const fence = (language: string, text: string) => `\`\`\`${language}\n${text}\n\`\`\``
const json = (value: unknown) => JSON.stringify(value, null, 2)
const anchor = (type: string) => type.toLowerCase().replace(/[^a-z0-9_-]/g, '')

/** The envelope of every example: one visitor's second event of a session. */
const example = {
  id: '0193f1c2-7d4e-7a01-9c55-2f0e8b1d3a42',
  source: 'https://shop.example',
  time: '2026-11-27T10:00:00.123Z',
  subject: '/products/42',
  anonymousid: '0193f1c2-6b21-7c3e-8f10-4d2a9e6b7c01',
  sessionid: '0193f1c2-6b21-7c3e-8f10-4d2a9e6b7c02',
  seq: 2,
  sentat: '2026-11-27T10:00:01.000Z',
}

/** What the collector adds to it (docs/protocol.md, "Attributes the collector sets"). */
const collected = {
  [X.receivedAt]: '2026-11-27T10:00:01.180Z',
  [X.correctedTime]: '2026-11-27T10:00:00.123Z',
  [X.partitionKey]: example.sessionid,
  [X.visitorId]: example.anonymousid,
  [X.collectorSessionId]: example.sessionid,
  [X.collectorSeq]: 2,
  [X.clientIp]: '203.0.113.0',
  [X.isBot]: false,
  [X.uaBrowser]: 'Chrome',
  [X.uaBrowserVersion]: '131.0.0.0',
  [X.uaOs]: 'Windows',
  [X.uaOsVersion]: '10',
  [X.uaDeviceType]: 'desktop',
}

/** Page views also carry the referrer class and campaign of their example URL. */
const pageViewExtras = {
  [X.referrerClass]: 'search',
  [X.referrerHost]: 'www.google.com',
  [X.utmSource]: 'newsletter',
}

function recordOf(entry: CatalogueEntry) {
  const isStart = entry.type === EVENT_TYPES.sessionStart
  const { id, source, ...rest } = example
  const attributes: Record<string, unknown> = {
    specversion: SPEC_VERSION,
    // A session start's id is derived from its session id; it carries no SDK sequence.
    id: isStart ? '8f0e6d0b-45a1-8c9e-b2f4-6d1c0a7e9b35' : id,
    source,
    type: entry.type,
    ...rest,
    ...(isStart ? { seq: undefined, sentat: undefined } : {}),
    ...collected,
    ...(isStart ? { [X.collectorSeq]: 0 } : {}),
    ...(entry.type === EVENT_TYPES.pageView ? pageViewExtras : {}),
  }
  const event: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) event[name] = value
  }
  event.data = entry.example
  const topic = isStart ? TOPICS.sessions : TOPICS.events
  return [
    `topic    ${topic}`,
    `key      ${String(attributes[X.partitionKey])}`,
    'headers',
    '  content-type: application/cloudevents+json; charset=UTF-8',
    'value',
    JSON.stringify(event, null, 2),
  ].join('\n')
}

function section(entry: CatalogueEntry): string {
  return [
    `## \`${entry.type}\``,
    '',
    entry.description,
    '',
    '### Data schema',
    '',
    fence('json', json(entry.data)),
    '',
    '### Example record',
    '',
    'As a Kafka consumer sees it in the default structured mode: key, header and value (the ' +
      'whole event; one line on the wire, indented here). With `recordMode: "binary"` the ' +
      'value is `data` and every other attribute is a `ce_` header (docs/protocol.md).',
    '',
    fence('text', recordOf(entry)),
  ].join('\n')
}

function deadLetterSection(): string {
  const headers = [
    'content-type: application/json',
    `ce_specversion: ${SPEC_VERSION}`,
    'ce_id: 5b1f0c3e-2a4d-8e6f-9a7b-0c1d2e3f4a5b',
    'ce_source: urn:clickstream:collector',
    `ce_type: ${DEAD_LETTER_TYPE}`,
    `ce_time: ${deadLetter.example.receivedAt}`,
    `ce_subject: ${deadLetter.example.eventId}`,
    `ce_reason: ${deadLetter.example.reason}`,
    `ce_stage: ${deadLetter.example.stage}`,
    `ce_receivedat: ${deadLetter.example.receivedAt}`,
  ]
  return [
    `## Dead-letter records (\`${DEAD_LETTER_TYPE}\`)`,
    '',
    `${deadLetter.description} They go to \`${TOPICS.deadLetter}\`, keyed by the rejected event's id (no key for a whole body), and are CloudEvents too (binary mode), so \`Kafka.toEvent\` decodes them.`,
    '',
    '### Value schema',
    '',
    fence('json', json(deadLetter.data)),
    '',
    '### Example record',
    '',
    fence(
      'text',
      [
        `topic    ${TOPICS.deadLetter}`,
        `key      ${deadLetter.example.eventId}`,
        'headers',
        ...headers.map((header) => `  ${header}`),
        'value',
        JSON.stringify(deadLetter.example),
      ].join('\n')
    ),
  ].join('\n')
}

/** The text of docs/events.md, generated from the catalogue; a unit test keeps it current. */
export function generateEventsDoc(): string {
  const rows = catalogue.map(
    (entry) => `| [\`${entry.type}\`](#${anchor(entry.type)}) | ${entry.description} |`
  )
  return [
    '# Event types',
    '',
    '<!-- Generated from @clickstream/schema by packages/schema/scripts/generate-docs.ts.',
    '     Do not edit: change the schemas, then run `npm run docs -w @clickstream/schema`. -->',
    '',
    'Every event is a [CloudEvent 1.0](https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md);',
    '[protocol.md](protocol.md) describes the envelope, the extension attributes the SDK and the',
    `collector set, and the HTTP API (\`POST ${ROUTES.events}\`, \`GET ${PIXEL_PATH}\`). Below, each`,
    "built-in type's `data` schema (JSON Schema, as the collector validates it) and an example of",
    'the Kafka record a consumer reads.',
    '',
    `The collector writes every event to \`${TOPICS.events}\`, session starts to`,
    `\`${TOPICS.sessions}\` and rejected input to \`${TOPICS.deadLetter}\` (routing rules in`,
    '[configuration.md](configuration.md) can change that). Records follow the',
    '[CloudEvents Kafka binding](https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md)',
    'in binary mode: the key is the `partitionkey` (the collector’s session id, so a session stays',
    'ordered on one partition), the value is `data` as JSON, and each other attribute is a',
    '`ce_<name>` header. The official `cloudevents` SDK decodes them with `Kafka.toEvent`.',
    '',
    '| type | what it means |',
    '|---|---|',
    ...rows,
    '',
    ...catalogue.flatMap((entry) => [section(entry), '']),
    deadLetterSection(),
    '',
  ].join('\n')
}
