/**
 * @clickstream/sdk: captures page views, clicks, touch gestures, scrolls, forms and custom
 * actions as CloudEvents and sends them to a Clickstream collector.
 */
export { createClickstream, type Clickstream } from './clickstream.js'
export type { ActionProperties } from './capture/actions.js'
export type { AutocaptureOptions, ClickstreamOptions, Consent } from './options.js'
