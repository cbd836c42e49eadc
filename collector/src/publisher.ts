/**
 * One Kafka record, client-independent: what the collector hands to a {@link Publisher}. Keys,
 * values and headers are strings, sent as UTF-8 bytes.
 */
export interface KafkaRecord {
  topic: string
  /** Chooses the partition (murmur2, like the Java client); `null` lets the client spread them. */
  key: string | null
  /** `null` is a record without value (CloudEvents Kafka binding §3.2.2: an event without data). */
  value: string | null
  headers: Record<string, string>
  /**
   * The guarantee its route asks for (docs/reliability.md, "Delivery modes"); never sent to Kafka.
   * @defaultValue `'at-least-once'`
   */
  delivery?: DeliveryMode
}

/** Delivery guarantees a route can ask for, weakest first. */
export const DELIVERY_MODES = ['at-most-once', 'at-least-once', 'exactly-once'] as const

/**
 * `at-most-once`: answered at once, sent without waiting, dropped (and counted) when Kafka cannot
 * take it. `at-least-once`: answered 2xx only once Kafka or the spool stored it. `exactly-once`:
 * at-least-once plus dedup by event id.
 */
export type DeliveryMode = (typeof DELIVERY_MODES)[number]

/**
 * Where the collector writes records: the edge between the HTTP app and the message log. The
 * Kafka implementation is {@link createKafkaPublisher}; tests use in-memory ones.
 */
export interface Publisher {
  /**
   * Writes the records; resolves only once the log acknowledged every one of them (for Kafka:
   * all in-sync replicas), rejects when that is not known.
   */
  publish(records: readonly KafkaRecord[]): Promise<void>
  /** Finishes or abandons pending writes and releases connections. */
  close(): Promise<void>
}
