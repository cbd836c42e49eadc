import type { TSchema } from '@sinclair/typebox'
import type { EventType } from './constants.js'
import { action } from './events/action.js'
import { click } from './events/click.js'
import { pageView } from './events/page-view.js'

/** One built-in event type: its CloudEvents `type`, what it means, its data schema, an example. */
export interface CatalogueEntry {
  readonly type: EventType
  readonly description: string
  readonly data: TSchema
  readonly example: unknown
}

/** Every built-in event type, in the order the docs list them. */
export const catalogue: readonly CatalogueEntry[] = [pageView, click, action]
