import { EVENT_TYPES } from '@clickstream/schema'
import { ConfigError } from '../errors.js'
import { DELIVERY_MODES, type DeliveryMode } from '../publisher.js'

/** One routing rule of the config file (docs/configuration.md, "Routing"). */
export interface RouteRule {
  /** Event types it applies to: a glob (`*` any run of characters, `?` one) or a list of globs. */
  match: string | readonly string[]
  /**
   * Topics each matching event is written to (one record per topic).
   * @defaultValue `[topic]` (`clickstream.events`)
   */
  topics?: readonly string[]
  /**
   * Share of matching events kept, from 0 to 1; the rest are dropped and counted.
   * @defaultValue `1`
   */
  sample?: number
  /**
   * Drop every matching event (counted as dropped, answered as accepted).
   * @defaultValue `false`
   */
  drop?: boolean
  /**
   * The delivery guarantee its records ask of the publisher.
   * @defaultValue `'at-least-once'`
   */
  delivery?: DeliveryMode
  /**
   * Name in metrics (`clickstream_events_dropped_total{route}`).
   * @defaultValue the `match` globs joined with `,`
   */
  name?: string
}

/** A {@link RouteRule} ready for the route stage. */
export interface CompiledRoute {
  name: string
  matches: (type: string) => boolean
  topics: readonly string[]
  sample: number
  drop: boolean
  delivery: DeliveryMode
}

/** Where events go when no rule of the config file matches them. */
export interface RouteDefaults {
  /** Topic of every event no rule matches. */
  topic: string
  /** Topic of `clickstream.session_start` when no rule matches it. */
  sessionsTopic: string
}

/** Kafka topic names: at most 249 of `[a-zA-Z0-9._-]` (Kafka's `Topic.validate`). */
export const isTopicName = (name: string) => /^[a-zA-Z0-9._-]{1,249}$/.test(name)

/** The regular expression of a glob over event types: `*` any run of characters, `?` one. */
export function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')
    )
    .join('')
  return new RegExp(`^${source}$`)
}

function compileRule(rule: RouteRule, index: number, defaults: RouteDefaults): CompiledRoute {
  const where = `routes[${index}]`
  const globs = typeof rule.match === 'string' ? [rule.match] : [...rule.match]
  if (globs.length === 0 || globs.some((glob) => typeof glob !== 'string' || glob === '')) {
    throw new ConfigError(`${where}.match`, 'expected a glob or a non-empty list of globs')
  }
  const topics = rule.topics ?? [defaults.topic]
  const badTopic = topics.find((topic) => !isTopicName(topic))
  if (topics.length === 0 || badTopic !== undefined) {
    throw new ConfigError(`${where}.topics`, `"${badTopic ?? ''}" is not a valid Kafka topic name`)
  }
  const sample = rule.sample ?? 1
  if (typeof sample !== 'number' || !(sample >= 0 && sample <= 1)) {
    throw new ConfigError(`${where}.sample`, `expected a number from 0 to 1, got ${String(sample)}`)
  }
  const delivery = rule.delivery ?? 'at-least-once'
  if (!DELIVERY_MODES.includes(delivery)) {
    throw new ConfigError(`${where}.delivery`, `expected one of ${DELIVERY_MODES.join(', ')}`)
  }
  const patterns = globs.map(globToRegExp)
  return {
    name: rule.name ?? globs.join(','),
    matches: (type) => patterns.some((pattern) => pattern.test(type)),
    topics,
    sample,
    drop: rule.drop ?? false,
    delivery,
  }
}

/**
 * Compiles the routing rules of the config file, in order, followed by the defaults: session
 * starts to `sessionsTopic`, everything else to `topic`. The first rule that matches an event's
 * type decides. Throws a `ConfigError` naming the rule and field that is wrong.
 */
export function compileRoutes(
  rules: readonly RouteRule[],
  defaults: RouteDefaults
): CompiledRoute[] {
  const builtIn: RouteRule[] = [
    { match: EVENT_TYPES.sessionStart, topics: [defaults.sessionsTopic], name: 'default-sessions' },
    { match: '*', topics: [defaults.topic], name: 'default' },
  ]
  const compiled = rules.map((rule, index) => compileRule(rule, index, defaults))
  return [
    ...compiled,
    ...builtIn.map((rule, index) => compileRule(rule, rules.length + index, defaults)),
  ]
}
