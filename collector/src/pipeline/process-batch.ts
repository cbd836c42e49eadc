import type { RequestReason } from '../errors.js'
import { decodeBatch, type MediaType } from './decode.js'
import { enrichEvent } from './enrich.js'
import { routeEvent, type RoutedEvent } from './route.js'
import { validateBatch, type Rejection } from './validate.js'

/** Everything the pure stages need, measured or configured at the edge. */
export interface PipelineContext {
  /** When the request arrived, in ms since the epoch. */
  receivedAt: number
  topic: string
  maxBatchEvents: number
  maxEventBytes: number
  acceptUnknownTypes: boolean
}

/** A body refused as a whole, or its routed events and its rejected ones. */
export type BatchOutcome =
  | { ok: false; reason: RequestReason; message: string }
  | { ok: true; routed: RoutedEvent[]; rejected: Rejection[] }

/**
 * Runs a request body through the pure stages, in order: decode → validate → enrich → route.
 * Publishing is left to the caller, which owns the I/O.
 */
export function processBatch(
  body: string,
  mediaType: MediaType,
  context: PipelineContext
): BatchOutcome {
  const decoded = decodeBatch(body, mediaType, context)
  if (!decoded.ok) return decoded
  const { valid, rejected } = validateBatch(decoded.events, context)
  const routed = valid.map((event) => routeEvent(enrichEvent(event, context), context))
  return { ok: true, routed, rejected }
}
