import { ConfigError } from '../errors.js'

/**
 * The producer settings the collector's durability rests on. They are options only so that a
 * setting carried over from another producer's config (say `acks=1` for speed) is refused
 * loudly instead of being ignored.
 */
export interface ProducerSettings {
  /**
   * How many replicas must have a record before it counts as written: only `'all'` (or `-1`).
   * @defaultValue `'all'`
   */
  acks?: string | number
  /**
   * Idempotent producer (KIP-98): only `true`.
   * @defaultValue `true`
   */
  idempotent?: boolean
  /**
   * Produce requests in flight per broker: only `1`.
   * @defaultValue `1`
   */
  maxInFlightRequests?: number
}

/** The names that {@link checkProducerSettings} puts in its errors, by setting. */
export type ProducerSettingNames = Record<keyof ProducerSettings, string>

const optionNames: ProducerSettingNames = {
  acks: 'acks',
  idempotent: 'idempotent',
  maxInFlightRequests: 'maxInFlightRequests',
}

/**
 * Throws a {@link ConfigError} naming the first setting that would let an event answered 2xx be
 * lost, duplicated by the producer or reordered; `names` are what the user set (option or
 * environment variable names).
 */
export function checkProducerSettings(
  settings: ProducerSettings,
  names: ProducerSettingNames = optionNames
): void {
  const { acks, idempotent, maxInFlightRequests } = settings
  if (acks !== undefined && acks !== 'all' && String(acks) !== '-1') {
    throw new ConfigError(
      names.acks,
      `must be "all" (-1), got "${acks}": with fewer acknowledgements the loss of one broker ` +
        'loses events the collector has already answered 2xx for'
    )
  }
  if (idempotent !== undefined && idempotent !== true) {
    throw new ConfigError(
      names.idempotent,
      `must be true, got "${idempotent}": without idempotence a produce retry after a lost ` +
        'answer writes the events twice and can reorder a session'
    )
  }
  if (maxInFlightRequests !== undefined && maxInFlightRequests !== 1) {
    // https://kafka.js.org/docs/transactions: "Configure the producer client with
    // maxInFlightRequests: 1 and idempotent: true to guarantee EOS"; kafkajs does not enforce it.
    throw new ConfigError(
      names.maxInFlightRequests,
      `must be 1, got "${maxInFlightRequests}": kafkajs keeps an idempotent producer's ` +
        'sequence numbers safe only with one request in flight'
    )
  }
}
