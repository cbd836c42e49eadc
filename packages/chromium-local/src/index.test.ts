import { describe, expect, it } from 'vitest'

import * as api from './index.js'

describe('@clickstream/chromium-local', () => {
  // A change to the public API must show up as a diff of this list.
  it('exports exactly its public API', () => {
    expect(Object.keys(api).sort()).toEqual([
      'CHROMIUM_ARGS',
      'CHROMIUM_PATH',
      'launchChromium',
      'launchChromiumCdp',
      'launchChromiumProfile',
    ])
  })
})
