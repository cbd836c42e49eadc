/**
 * @clickstream/consumer: read Clickstream topics from Node.
 */
export { decodeRecord, type ClickstreamRecord, type RawRecord } from './decode.js'
export {
  createEventConsumer,
  DEAD_LETTER_HEADERS,
  type EventConsumer,
  type EventConsumerOptions,
} from './consume.js'
export { retry, type RetryOptions } from './retry.js'
export { createTumblingCounter, type TumblingCounterOptions, type WindowCounts } from './window.js'
export { matchesType } from './match.js'
