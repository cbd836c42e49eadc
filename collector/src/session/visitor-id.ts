import { createHash } from 'node:crypto'
import type { CloudEvent } from '@clickstream/schema'

/** What identifies a visitor besides the event itself, gathered at the edge. */
export interface VisitorContext {
  /** The visitor id from the collector's first-party cookie (cookie mode only). */
  cookieVisitorId: string | undefined
  /** Today's salt from the session store; needed only for events without any id. */
  salt: string | undefined
  /** The client address, already truncated; undefined when removed or unknown. */
  clientIp: string | undefined
  /** The raw `User-Agent` header (hashed, never stored). */
  userAgent: string
}

/** Whether {@link visitorIdOf} needs the daily salt for this event. */
export function needsDerivedVisitor(event: CloudEvent, context: VisitorContext): boolean {
  return context.cookieVisitorId === undefined && event.anonymousid === undefined
}

/**
 * The visitor an event belongs to: the first-party cookie's id (which outlives Safari's 7-day cap
 * on script storage), else the SDK's `anonymousid`, else, for clients without ids (the pixel,
 * cookieless mode), a hash of the daily salt, the site, the truncated IP and the user agent.
 * That hash changes every day and cannot be recomputed once the salt is forgotten; IP and user
 * agent are never stored.
 */
export function visitorIdOf(event: CloudEvent, context: VisitorContext): string {
  if (context.cookieVisitorId !== undefined) return context.cookieVisitorId
  if (event.anonymousid !== undefined) return event.anonymousid
  if (context.salt === undefined) throw new Error('a derived visitor id needs the daily salt')
  return createHash('sha256')
    .update(`${context.salt}\n${event.source}\n${context.clientIp ?? ''}\n${context.userAgent}`)
    .digest('hex')
    .slice(0, 32)
}
