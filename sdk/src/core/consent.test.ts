import { describe, expect, it } from 'vitest'
import { CONSENT_KEY, createConsent } from './consent.js'
import { memoryStorage } from './memory-storage.test-helper.js'
import { createStore } from './storage.js'

const setup = (initial: 'pending' | 'granted' | 'denied', storage = memoryStorage()) => {
  const recorded: number[] = []
  let forgotten = 0
  const consent = createConsent(
    initial,
    createStore(() => storage),
    () => forgotten++
  )
  const capture = (n: number) => consent.capture(() => recorded.push(n))
  return { consent, capture, recorded, storage, forgotten: () => forgotten }
}

describe('createConsent', () => {
  it('records at once when granted', () => {
    const { capture, recorded } = setup('granted')
    capture(1)
    expect(recorded).toEqual([1])
  })

  it('buffers while pending and records the buffer, in order, once granted', () => {
    const { consent, capture, recorded, storage } = setup('pending')
    capture(1)
    capture(2)
    expect(recorded).toEqual([])
    expect(consent.set('granted')).toBe(true)
    expect(recorded).toEqual([1, 2])
    capture(3)
    expect(recorded).toEqual([1, 2, 3])
    expect(storage.getItem(CONSENT_KEY)).toBe('granted')
  })

  it('drops the buffer and asks to forget what was stored when denied', () => {
    const { consent, capture, recorded, forgotten } = setup('pending')
    capture(1)
    consent.set('denied')
    capture(2)
    consent.set('granted')
    expect(recorded).toEqual([])
    expect(forgotten()).toBe(1)
  })

  it('starts from the remembered decision rather than the option', () => {
    const storage = memoryStorage()
    storage.setItem(CONSENT_KEY, 'denied')
    expect(setup('granted', storage).consent.state()).toBe('denied')
    storage.setItem(CONSENT_KEY, 'granted')
    expect(setup('pending', storage).consent.state()).toBe('granted')
  })

  it('takes only granted or denied, and an unknown option as granted', () => {
    const { consent } = setup('pending')
    expect(consent.set('maybe')).toBe(false)
    expect(consent.state()).toBe('pending')
    expect(setup('yes' as 'granted').consent.state()).toBe('granted')
  })

  it('keeps at most 1000 pending events, the newest', () => {
    const { consent, capture, recorded } = setup('pending')
    for (let i = 0; i < 1005; i++) capture(i)
    consent.set('granted')
    expect(recorded).toHaveLength(1000)
    expect(recorded[0]).toBe(5)
  })

  it('applies a decision of another tab without remembering it again', () => {
    const { consent, storage } = setup('pending')
    consent.set('granted', false)
    expect(consent.state()).toBe('granted')
    expect(storage.getItem(CONSENT_KEY)).toBeNull()
  })
})
