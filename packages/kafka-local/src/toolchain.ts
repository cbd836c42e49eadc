import path from 'node:path'

import { MissingToolError } from './errors.js'
import { isCommandMissing, lastLines, runCommand } from './run-command.js'

/** The command that installs every system tool this package needs on Debian and Ubuntu. */
const INSTALL_COMMAND = 'apt-get install -y openjdk-17-jre-headless maven'

/** Kafka 4.x brokers need Java 17 or newer. */
const MIN_JAVA_MAJOR = 17

const HOW_TO_INSTALL = `Install it with \`${INSTALL_COMMAND}\` (as root on Debian/Ubuntu), or run \`npm run bootstrap\` from the repository root.`

/** The `java` executable to run: `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` from PATH. */
export function javaCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java'
}

/**
 * The major version in `java -version` output: `openjdk version "17.0.15"` gives 17,
 * the pre-9 scheme `java version "1.8.0_392"` gives 8.
 */
export function parseJavaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput)
  if (!match) return undefined
  const first = Number(match[1])
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first
}

/** Checks that Java 17+ can be run; throws a {@link MissingToolError} naming the install command. */
export async function checkJava(java: string = javaCommand()): Promise<{ major: number }> {
  let output: string
  try {
    const result = await runCommand(java, ['-version'])
    // `java -version` writes to stderr by specification; read both to be safe.
    output = `${result.stderr}\n${result.stdout}`
  } catch (error) {
    if (!isCommandMissing(error)) throw error
    throw new MissingToolError(
      'JAVA_MISSING',
      'java',
      `Java ${MIN_JAVA_MAJOR}+ is needed to run Kafka, but \`${java}\` was not found. ${HOW_TO_INSTALL}`,
      INSTALL_COMMAND,
      error
    )
  }
  const major = parseJavaMajorVersion(output)
  if (major === undefined || major < MIN_JAVA_MAJOR) {
    throw new MissingToolError(
      'JAVA_TOO_OLD',
      'java',
      `Java ${MIN_JAVA_MAJOR}+ is needed to run Kafka 4, but \`${java} -version\` says:\n${lastLines(output, 3)}\n${HOW_TO_INSTALL}`,
      INSTALL_COMMAND
    )
  }
  return { major }
}

/** Checks that Maven can be run; throws a {@link MissingToolError} naming the install command. */
export async function checkMaven(mvn = 'mvn'): Promise<void> {
  try {
    await runCommand(mvn, ['--version'])
  } catch (error) {
    if (!isCommandMissing(error)) throw error
    throw new MissingToolError(
      'MAVEN_MISSING',
      'mvn',
      `Maven is needed once to download the Kafka jars, but \`${mvn}\` was not found. ${HOW_TO_INSTALL}`,
      INSTALL_COMMAND,
      error
    )
  }
}
