/**
 * @clickstream/schema: the event catalogue shared by the SDK, the collector and consumers.
 */
export * from './constants.js'
export { CloudEventEnvelope, CloudEventOf, Rfc3339, type CloudEvent } from './envelope.js'
export { ElementDescriptor } from './events/element.js'
export { PageViewData } from './events/page-view.js'
export { ClickData } from './events/click.js'
export { ActionData } from './events/action.js'
export { catalogue, type CatalogueEntry } from './catalogue.js'
export { validateEvent, validatedTypes, type ValidationResult } from './validate.js'
