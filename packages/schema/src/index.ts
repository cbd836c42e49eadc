/**
 * @clickstream/schema: the event catalogue shared by the SDK, the collector and consumers.
 */
export * from './constants.js'
export { CloudEventEnvelope, CloudEventOf, Rfc3339, type CloudEvent } from './envelope.js'
export { ElementDescriptor } from './events/element.js'
export { PageViewData } from './events/page-view.js'
export { ClickData, RageClickData, DeadClickData } from './events/click.js'
export { GestureData } from './events/gesture.js'
export { ScrollDepthData } from './events/scroll-depth.js'
export { FormSubmitData, FormFieldData } from './events/form.js'
export { ActionData } from './events/action.js'
export { IdentifyData } from './events/identify.js'
export { SessionStartData } from './events/session-start.js'
export { catalogue, type CatalogueEntry } from './catalogue.js'
export { DeadLetterData, DeadLetterStage, deadLetter } from './dead-letter.js'
export { validateEvent, validatedTypes, type ValidationResult } from './validate.js'
