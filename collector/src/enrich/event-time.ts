import { rememberLast } from '../remember-last.js'

// Every event of a request carries the request's `sentat`: parse it once, not once per event.
const parseSentAt = rememberLast(Date.parse)

/**
 * The event time corrected for the device's clock skew, in ms since the epoch.
 *
 * The SDK stamps each event with its capture `time` and each request with `sentat`, both from
 * the device clock. `receivedAt − sentAt` is then the device clock's lag plus the network
 * transit time. When its size is over `thresholdMs` it is taken to be clock skew and added to
 * `time`: `corrected = time + (receivedAt − sentAt)`; under it, transit time would dominate and
 * `time` is kept. Either way an event cannot have happened after it arrived, so the result is at
 * most `receivedAt`; without a valid `time` it is `receivedAt`.
 */
export function correctedEventTime(
  time: string | undefined,
  sentAt: string | undefined,
  receivedAt: number,
  thresholdMs: number
): number {
  const captured = time === undefined ? NaN : Date.parse(time)
  if (Number.isNaN(captured)) return receivedAt
  const sent = sentAt === undefined ? NaN : parseSentAt(sentAt)
  const skew = Number.isNaN(sent) ? 0 : receivedAt - sent
  const corrected = Math.abs(skew) > thresholdMs ? captured + skew : captured
  return Math.min(corrected, receivedAt)
}
