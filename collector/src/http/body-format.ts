import { CONTENT_TYPES, REASONS } from '@clickstream/schema'
import { RequestRejectedError } from '../errors.js'
import { isBinaryMode } from '../pipeline/decode-binary.js'
import { mediaTypeOf, type MediaType } from '../pipeline/decode.js'
import { contentCodingOf, type ContentCoding } from './read-body.js'

/**
 * How a `POST /v1/events` body carries its events: CloudEvents HTTP binary mode (one event,
 * attributes in `ce-` headers, any data type), or JSON of an accepted media type.
 */
export type BodyFormat = { kind: 'binary' } | { kind: 'json'; mediaType: MediaType }

const acceptedTypes = Object.values(CONTENT_TYPES).join(', ')

/**
 * Reads a request's format and content coding from its headers, or throws the 415 answer: a
 * media type the collector does not take (binary mode takes any), or a content coding it does
 * not decode (RFC 9110 §15.5.16).
 */
export function bodyFormatOf(headers: Readonly<Record<string, string>>): {
  format: BodyFormat
  coding: ContentCoding
} {
  let format: BodyFormat
  if (isBinaryMode(headers)) {
    format = { kind: 'binary' }
  } else {
    const mediaType = mediaTypeOf(headers['content-type'])
    if (mediaType === undefined) {
      throw new RequestRejectedError(
        REASONS.unsupportedMediaType,
        `Content-Type must be one of ${acceptedTypes}, or CloudEvents binary mode`
      )
    }
    format = { kind: 'json', mediaType }
  }
  const coding = contentCodingOf(headers['content-encoding'])
  if (coding === undefined) {
    throw new RequestRejectedError(
      REASONS.unsupportedMediaType,
      `Content-Encoding ${headers['content-encoding']} is not supported; use gzip or none`
    )
  }
  return { format, coding }
}
