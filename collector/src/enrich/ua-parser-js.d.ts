// ua-parser-js 1.x (MIT) ships no types; this covers the part the collector uses. The 2.x line,
// which has types, is AGPL-3.0 and must not be used (DESIGN.md, "Decisions").
declare module 'ua-parser-js' {
  interface UAParserResult {
    ua: string
    browser: { name?: string; version?: string; major?: string }
    engine: { name?: string; version?: string }
    os: { name?: string; version?: string }
    device: { vendor?: string; model?: string; type?: string }
    cpu: { architecture?: string }
  }
  /** Called without `new`, parses `ua` and returns the result. */
  function UAParser(ua?: string): UAParserResult
  export default UAParser
}
