/**
 * Run-time compilation of JSON Schemas that are not known at build time: the data schemas site
 * owners register in the collector's config. Node only; compile once at start-up, never per
 * event (the built-in types are precompiled, see `./validate.js`).
 */
import { Ajv } from 'ajv'

/** Checks one value: `undefined` when it is valid, else what is wrong (`/path message`). */
export type SchemaCheck = (value: unknown) => string | undefined

/** Ajv instance options shared by every compiled schema. */
const ajvOptions = {
  // Unknown keywords in a site owner's schema are typos: refuse them at start-up.
  strictSchema: true,
  strictTypes: false,
  // No format plugin is bundled: `format` is accepted and not checked.
  validateFormats: false,
  allErrors: false,
} as const

/**
 * Compiles a JSON Schema (draft-07 keywords) into a {@link SchemaCheck}. Throws an `Error` naming
 * the problem when the schema itself is invalid.
 *
 * @example
 * const check = compileSchema({ type: 'object', required: ['sku'] })
 * check({}) // "/ must have required property 'sku'"
 */
export function compileSchema(schema: object): SchemaCheck {
  const ajv = new Ajv(ajvOptions)
  const validate = ajv.compile(schema)
  return (value) => {
    if (validate(value)) return undefined
    const error = validate.errors?.[0]
    if (!error) return 'is invalid'
    // Name what Ajv's messages leave out: the unexpected property, the allowed values.
    const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] }
    const extra =
      params.additionalProperty !== undefined
        ? `: "${params.additionalProperty}"`
        : params.allowedValues !== undefined
          ? `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
          : ''
    return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${extra}`
  }
}
