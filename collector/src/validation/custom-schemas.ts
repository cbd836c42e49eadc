import { EVENT_TYPES } from '@clickstream/schema'
import { compileSchema, type SchemaCheck } from '@clickstream/schema/compile'
import { ConfigError } from '../errors.js'

/** A JSON Schema (draft-07 keywords), as written in the config file. */
export type JsonSchema = Record<string, unknown>

/** Schemas a site owner registers in the config file. */
export interface CustomSchemaConfig {
  /** Data schema of each custom event type (`shop.checkout_started` → schema of its `data`). */
  eventSchemas: Readonly<Record<string, JsonSchema>>
  /** Schema of the `properties` of each custom action (`clickstream.action` with that `name`). */
  actionSchemas: Readonly<Record<string, JsonSchema>>
}

/** The compiled {@link CustomSchemaConfig}. */
export interface CustomSchemas {
  types: ReadonlyMap<string, SchemaCheck>
  actions: ReadonlyMap<string, SchemaCheck>
}

const builtIn: ReadonlySet<string> = new Set(Object.values(EVENT_TYPES))

function compileAll(
  schemas: Readonly<Record<string, JsonSchema>>,
  option: string
): Map<string, SchemaCheck> {
  const compiled = new Map<string, SchemaCheck>()
  for (const [name, schema] of Object.entries(schemas)) {
    try {
      compiled.set(name, compileSchema(schema))
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new ConfigError(`${option}.${name}`, `invalid JSON Schema: ${reason}`)
    }
  }
  return compiled
}

/**
 * Compiles the site owner's schemas with Ajv, once, at start-up; the request path only calls the
 * compiled functions. Throws a `ConfigError` naming the schema when one does not compile, or when
 * it would replace the schema of a built-in type.
 */
export function compileCustomSchemas(config: CustomSchemaConfig): CustomSchemas {
  for (const type of Object.keys(config.eventSchemas)) {
    if (builtIn.has(type)) {
      throw new ConfigError(`eventSchemas.${type}`, 'built-in event types keep their own schema')
    }
  }
  return {
    types: compileAll(config.eventSchemas, 'eventSchemas'),
    actions: compileAll(config.actionSchemas, 'actionSchemas'),
  }
}
