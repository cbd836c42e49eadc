/**
 * A key for `id` within `source` (CloudEvents §3.1.1: `source` + `id` identify an event; the
 * session store keys visitors the same way). Length-prefixed, so no source and id pair collides
 * with another. Built with `join`, which makes one flat string: a template literal leaves V8 a
 * tree of three strings and two concatenation nodes, which the in-memory stores (the dedup
 * window, the sessions) would keep for minutes, five objects a key for the garbage collector.
 */
export const sourceKey = (source: string, id: string): string =>
  [source.length, ':', source, id].join('')
