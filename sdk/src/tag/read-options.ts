import type { ClickstreamOptions } from '../options.js'

/** Whatever has attributes: the tag's `<script>` element. */
export interface AttributeSource {
  getAttribute(name: string): string | null
}

/**
 * Options from the `data-*` attributes of the SDK's own `<script>` tag: `data-endpoint`,
 * `data-site`, `data-batch-size`, `data-flush-interval`, `data-autocapture="false"` and
 * `data-debug`. Missing attributes stay undefined, so the defaults apply.
 */
export const readTagOptions = (script: AttributeSource | null): ClickstreamOptions => {
  const attribute = (name: string) => script?.getAttribute(`data-${name}`) ?? undefined
  const number = (name: string) => {
    const value = attribute(name)
    return value ? Number(value) : undefined
  }
  const debug = attribute('debug')
  return {
    endpoint: attribute('endpoint'),
    site: attribute('site'),
    batchSize: number('batch-size'),
    flushInterval: number('flush-interval'),
    autocapture: attribute('autocapture') !== 'false',
    debug: debug !== undefined && debug !== 'false',
  }
}
