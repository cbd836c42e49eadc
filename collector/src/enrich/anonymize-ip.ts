import { isIPv4, isIPv6 } from 'node:net'

/** What the collector keeps of the client's IP address: a truncated prefix, or nothing. */
export type ClientIpMode = 'truncate' | 'remove'

/** The eight 16-bit groups of a valid IPv6 address (zone id dropped, `::` and IPv4 tails expanded). */
export function ipv6Groups(address: string): number[] | undefined {
  const plain = address.split('%', 1)[0]!
  if (!isIPv6(plain)) return undefined
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)]
          const [a, b, c, d] = group.split('.').map(Number) as [number, number, number, number]
          return [(a << 8) | b, (c << 8) | d]
        })
  const [head, tail] = plain.split('::') as [string, string | undefined]
  const left = parse(head)
  const right = tail === undefined ? [] : parse(tail)
  const zeros = new Array<number>(8 - left.length - right.length).fill(0)
  return [...left, ...zeros, ...right]
}

/** `::ffff:192.0.2.1` (how dual-stack sockets report IPv4 peers) as `192.0.2.1`; others as given. */
export function unmapIpv4(address: string): string {
  const groups = isIPv6(address) ? ipv6Groups(address) : undefined
  if (groups && groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [high, low] = [groups[6]!, groups[7]!]
    return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`
  }
  return address
}

/**
 * The client address as the collector may keep it: IPv4 truncated to its /24 (`203.0.113.0`),
 * IPv6 to its /48 (`2001:db8:85a3::`), or `undefined` when `mode` is `remove` or the address is
 * not an IP address. This runs before anything is produced or logged.
 */
export function anonymizeIp(address: string | undefined, mode: ClientIpMode): string | undefined {
  if (address === undefined || mode === 'remove') return undefined
  const ip = unmapIpv4(address)
  if (isIPv4(ip)) return ip.replace(/\.\d+$/, '.0')
  const groups = ipv6Groups(ip)
  if (!groups) return undefined
  // RFC 5952 §4.2: the zero run that ends the address is the longest one, so it becomes `::`.
  const kept = groups.slice(0, 3)
  while (kept.length > 0 && kept[kept.length - 1] === 0) kept.pop()
  return `${kept.map((g) => g.toString(16)).join(':')}::`
}
