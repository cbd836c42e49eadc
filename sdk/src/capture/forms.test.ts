import { afterEach, describe, expect, it, vi } from 'vitest'
import { createUrlCleaner } from '../core/clean-url.js'
import { describeField, describeForm, isField } from './forms.js'

afterEach(() => {
  vi.unstubAllGlobals()
})

/** Just what the form descriptors read; `value` throws, so reading it fails the test. */
const element = (tag: string, attributes: Record<string, string>, type?: string) =>
  ({
    tagName: tag.toUpperCase(),
    type,
    id: attributes.id ?? '',
    classList: [],
    attributes: Object.entries(attributes).map(([name, value]) => ({ name, value })),
    parentElement: null,
    previousElementSibling: null,
    nextElementSibling: null,
    getAttribute: (name: string) => attributes[name] ?? null,
    get value(): string {
      throw new Error('the SDK read a value')
    },
  }) as unknown as HTMLInputElement

describe('isField', () => {
  it.each([
    ['input', 'text', true],
    ['input', 'email', true],
    ['input', 'password', true],
    ['input', 'hidden', false],
    ['input', 'submit', false],
    ['select', 'select-one', true],
    ['textarea', 'textarea', true],
    ['button', 'submit', false],
  ])('answers %s %s: %s', (tag, type, answer) => {
    expect(isField(element(tag, {}, type))).toBe(answer)
  })
})

describe('describeField', () => {
  it('describes tag, type, id, name and selector, never the value', () => {
    expect(describeField(element('input', { id: 'email', name: 'email' }, 'email'))).toEqual({
      tag: 'input',
      type: 'email',
      id: 'email',
      name: 'email',
      selector: '#email',
    })
    expect(describeField(element('textarea', { name: 'note' }, 'textarea'))).toEqual({
      tag: 'textarea',
      name: 'note',
      selector: 'textarea',
    })
  })
})

describe('describeForm', () => {
  it('reads attributes, not the properties a field named id or action would shadow', () => {
    vi.stubGlobal('location', { href: 'https://shop.example/checkout?step=2' })
    const form = element('form', { id: 'checkout', name: 'order', action: '/order?session=abc' })
    expect(describeForm(form as unknown as HTMLFormElement, createUrlCleaner(['utm_*']))).toEqual({
      id: 'checkout',
      name: 'order',
      selector: '#checkout',
      action: 'https://shop.example/order',
    })
  })
})
