import type { CloudEvent } from '@clickstream/schema'
import { SPEC_VERSION, type EventType } from '@clickstream/schema/constants'

/**
 * A CloudEvent as the SDK sends it. The identity extensions (`anonymousid`, `sessionid`, `seq`,
 * `userid`) are stamped after capture, once consent allows it; `sentat` goes on at each send.
 */
export type SdkEvent<D = unknown> = CloudEvent<D>

/**
 * Returns `createEvent(type, data, at)`, which stamps a new id, the capture time `at` and the
 * subject: the page path at capture time. `source` is the site.
 */
export const createEventFactory =
  (source: string, newId: () => string) =>
  <D>(type: EventType, data: D, at: number): SdkEvent<D> => ({
    specversion: SPEC_VERSION,
    id: newId(),
    source,
    type,
    time: new Date(at).toISOString(),
    subject: location.pathname.slice(0, 2048),
    // No `datacontenttype`: without it `data` is JSON (CloudEvents JSON format §3.1.1), and
    // every event is 35 bytes shorter.
    data,
  })
