import { describe, expect, it } from 'vitest'
import type { CpuProfile } from '../profile/cpu-profile.js'
import { attributeSamples } from './sdk-profile.js'

const TAG = 'http://127.0.0.1:1/clickstream.iife.js'
const PAGE = 'http://127.0.0.1:1/page.html'

const frame = (functionName: string, url: string, lineNumber = 0, columnNumber = 0) => ({
  functionName,
  url,
  lineNumber,
  columnNumber,
})

/**
 * root ─ (idle) 1, (program) 2, (garbage collector) 3
 *      └ dispatch (page) 4 ─ click (native) 5 ─ listener (tag, column 10) 6 ─ closest (native) 7
 *                                                                       └ describe (tag, column 20) 8
 */
const profile: CpuProfile = {
  startTime: 0,
  nodes: [
    { id: 0, callFrame: frame('(root)', ''), children: [1, 2, 3, 4] },
    { id: 1, callFrame: frame('(idle)', '') },
    { id: 2, callFrame: frame('(program)', '') },
    { id: 3, callFrame: frame('(garbage collector)', '') },
    { id: 4, callFrame: frame('dispatch', PAGE), children: [5] },
    { id: 5, callFrame: frame('click', ''), children: [6] },
    { id: 6, callFrame: frame('listener', TAG, 0, 10), children: [7, 8] },
    { id: 7, callFrame: frame('closest', '') },
    { id: 8, callFrame: frame('describe', TAG, 0, 20) },
  ],
  // Each sample lasts until the next one: 10 µs apart, the last one counts for nothing.
  samples: [1, 2, 3, 4, 5, 6, 7, 8, 8, 1],
  timeDeltas: [0, 10, 10, 10, 10, 10, 10, 10, 10, 10],
}

describe('attributeSamples', () => {
  const sourceOf = (_line: number, column: number) =>
    column === 10 ? 'sdk/src/capture/clicks.ts' : 'sdk/src/capture/element.ts'

  it("counts each sample for the innermost tag function's file, a native callee for its caller's", () => {
    const { byFile, sdkUs } = attributeSamples(profile, (url) => url === TAG, sourceOf)
    expect(Object.fromEntries(byFile)).toEqual({
      // The listener's own sample and the `closest` it called.
      'sdk/src/capture/clicks.ts': 20,
      'sdk/src/capture/element.ts': 20,
    })
    expect(sdkUs).toBe(40)
  })

  it('counts page code, natives outside the tag and V8 entries as busy, idle as nothing', () => {
    const { busyUs } = attributeSamples(profile, (url) => url === TAG, sourceOf)
    // (program), (garbage collector), dispatch, click, and the tag's 40 µs.
    expect(busyUs).toBe(80)
  })

  it('attributes nothing when the tag is not on any stack', () => {
    const { byFile, sdkUs, busyUs } = attributeSamples(profile, () => false, sourceOf)
    expect(byFile.size).toBe(0)
    expect(sdkUs).toBe(0)
    expect(busyUs).toBe(80)
  })
})
