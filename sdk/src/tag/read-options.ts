import { DEFAULTS, type ClickstreamOptions } from '../options.js'

/** Whatever has data attributes: the tag's `<script>` element. */
export interface DataSource {
  readonly dataset: Readonly<Record<string, string | undefined>>
}

/**
 * Options from the `data-*` attributes of the SDK's own `<script>` tag: `data-batch-size` is
 * `batchSize`, and so on (sdk/README.md lists them). Numbers are read as numbers; a flag is on
 * when present, off when `"false"`; anything else stays a string (`data-query-params` and
 * `data-autocapture` take lists separated by spaces or commas). Missing attributes stay missing,
 * so the defaults apply.
 */
export const readTagOptions = (script: DataSource | null): ClickstreamOptions => {
  const options: Record<string, unknown> = {}
  for (const [name, value = ''] of Object.entries(script?.dataset || {})) {
    const fallback = DEFAULTS[name as keyof typeof DEFAULTS]
    const flag = typeof fallback == 'boolean'
    options[name] =
      typeof fallback == 'number'
        ? Number(value) || undefined
        : flag && value === 'false'
          ? false
          : (flag && (value === '' || value === 'true')) || value
  }
  return options
}
