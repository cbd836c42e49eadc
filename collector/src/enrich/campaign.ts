/** The UTM campaign parameters of a URL (https://en.wikipedia.org/wiki/UTM_parameters). */
export interface Campaign {
  source?: string
  medium?: string
  campaign?: string
  term?: string
  content?: string
}

const parameters = {
  utm_source: 'source',
  utm_medium: 'medium',
  utm_campaign: 'campaign',
  utm_term: 'term',
  utm_content: 'content',
} as const satisfies Record<string, keyof Campaign>

/** Longest value kept: the values travel as Kafka headers. */
const maxLength = 256

/**
 * The UTM parameters of `url`, or `undefined` when it has none. Parameter names are matched
 * case-insensitively, values are trimmed and cut at 256 characters.
 */
export function campaignOf(url: string | undefined): Campaign | undefined {
  const query = url?.indexOf('?') ?? -1
  // Most URLs carry no campaign: skip the URL parser for them.
  if (query < 0 || !/utm_/i.test(url!)) return undefined
  const end = url!.indexOf('#', query)
  const params = new URLSearchParams(url!.slice(query + 1, end < 0 ? undefined : end))
  let campaign: Campaign | undefined
  for (const [name, value] of params) {
    const field = parameters[name.toLowerCase() as keyof typeof parameters]
    const text = value.trim().slice(0, maxLength)
    if (field && text !== '' && campaign?.[field] === undefined) {
      campaign = { ...campaign, [field]: text }
    }
  }
  return campaign
}
