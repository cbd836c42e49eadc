const cache = new Map<string, RegExp>()

/** Whether an event type matches a pattern where `*` stands for any run of characters. */
export function matchesType(pattern: string, type: string): boolean {
  let regex = cache.get(pattern)
  if (!regex) {
    const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    regex = new RegExp(`^${source.join('.*')}$`)
    cache.set(pattern, regex)
  }
  return regex.test(type)
}
