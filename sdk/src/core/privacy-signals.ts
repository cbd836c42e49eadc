/** The parts of `navigator` that carry the visitor's privacy signals. */
export interface PrivacySignals {
  doNotTrack?: string | null
  /** Global Privacy Control (https://privacycg.github.io/gpc-spec/#javascript-property-to-detect-preference). */
  globalPrivacyControl?: boolean
}

/** Whether the browser asks not to be tracked: Do Not Track is `'1'` or Global Privacy Control is on. */
export const asksNotToTrack = (navigator: PrivacySignals): boolean =>
  navigator.doNotTrack === '1' || navigator.globalPrivacyControl === true
