/** A value that can be written to a Java properties file. */
export type PropertyValue = string | number | boolean

/**
 * Renders a Java `.properties` file, escaping what `java.util.Properties#load` would otherwise
 * misread (backslashes, line breaks, separators in keys, leading spaces in values).
 */
export function renderProperties(
  properties: Readonly<Record<string, PropertyValue>>,
  header?: string
): string {
  const lines = header ? header.split('\n').map((line) => `# ${line}`) : []
  for (const [key, value] of Object.entries(properties)) {
    lines.push(`${escapeKey(key)}=${escapeValue(String(value))}`)
  }
  return `${lines.join('\n')}\n`
}

function escapeValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/^ /, '\\ ')
}

function escapeKey(key: string): string {
  return escapeValue(key).replace(/[=: #!]/g, (char) => `\\${char}`)
}
