import type { TSchema } from '@sinclair/typebox'
import type { EventType } from './constants.js'
import { action } from './events/action.js'
import { click, deadClick, rageClick } from './events/click.js'
import { formField, formSubmit } from './events/form.js'
import { gesture } from './events/gesture.js'
import { identify } from './events/identify.js'
import { pageView } from './events/page-view.js'
import { scrollDepth } from './events/scroll-depth.js'
import { sessionStart } from './events/session-start.js'

/** One built-in event type: its CloudEvents `type`, what it means, its data schema, an example. */
export interface CatalogueEntry {
  readonly type: EventType
  readonly description: string
  readonly data: TSchema
  readonly example: unknown
}

/** Every built-in event type, in the order the docs list them. */
export const catalogue: readonly CatalogueEntry[] = [
  pageView,
  click,
  rageClick,
  deadClick,
  gesture,
  scrollDepth,
  formSubmit,
  formField,
  action,
  identify,
  sessionStart,
]
