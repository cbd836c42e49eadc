import type {
  ActionData,
  ClickData,
  DeadClickData,
  ElementDescriptor,
  FormFieldData,
  FormSubmitData,
  GestureData,
  PageViewData,
  RageClickData,
  ScrollDepthData,
} from '@clickstream/schema'
import type { CleanUrl } from '../core/clean-url.js'
import type { On } from '../core/listen.js'

/** The data of each event type the capture modules emit (`EVENT_TYPES`). */
export interface CapturedData {
  'clickstream.click': ClickData
  'clickstream.rage_click': RageClickData
  'clickstream.dead_click': DeadClickData
  'clickstream.gesture': GestureData
  'clickstream.page_view': PageViewData
  'clickstream.scroll_depth': ScrollDepthData
  'clickstream.form_submit': FormSubmitData
  'clickstream.form_field': FormFieldData
  'clickstream.action': ActionData
}

/** Receives what a capture module saw. */
export type Emit = <T extends keyof CapturedData>(type: T, data: CapturedData[T]) => void

/** What every capture module gets from the SDK. */
export interface CaptureContext {
  emit: Emit
  on: On
  cleanUrl: CleanUrl
  describe: (element: Element) => ElementDescriptor
}
