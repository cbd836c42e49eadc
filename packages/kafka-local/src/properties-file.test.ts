import { describe, expect, it } from 'vitest'

import { renderProperties } from './properties-file.js'

describe('renderProperties', () => {
  it('writes one key=value line per entry, after an optional comment header', () => {
    expect(
      renderProperties({ 'node.id': 1, 'auto.create.topics.enable': true }, 'made by a test')
    ).toBe('# made by a test\nnode.id=1\nauto.create.topics.enable=true\n')
  })

  it('escapes backslashes and line breaks, which java.util.Properties would otherwise eat', () => {
    expect(renderProperties({ 'log.dirs': 'C:\\kafka\\data', note: 'a\nb' })).toBe(
      'log.dirs=C:\\\\kafka\\\\data\nnote=a\\nb\n'
    )
  })

  it('escapes separators inside keys', () => {
    expect(renderProperties({ 'a=b:c d': 'x' })).toBe('a\\=b\\:c\\ d=x\n')
  })
})
