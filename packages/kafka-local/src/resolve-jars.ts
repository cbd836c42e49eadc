import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { KafkaLocalError } from './errors.js'
import { formatSeconds, logToStderr } from './log.js'
import { lastLines, runCommand } from './run-command.js'
import { checkMaven } from './toolchain.js'

/** Options of {@link resolveKafkaJars}. */
export type ResolveJarsOptions = {
  /**
   * Cache root; the jars go to `<cacheDir>/kafka-<version>/libs`.
   * @defaultValue `$CLICKSTREAM_KAFKA_CACHE`, else `$XDG_CACHE_HOME/clickstream`, else `~/.cache/clickstream`
   */
  cacheDir?: string
  /**
   * Receives progress messages.
   * @defaultValue writes to stderr
   */
  log?: (message: string) => void
  /**
   * Resolve again even when the cache is complete.
   * @defaultValue false
   */
  force?: boolean
}

/** Where the Kafka jars are and how to put them on a Java classpath. */
export type ResolvedJars = {
  kafkaVersion: string
  libsDir: string
  /** `<libsDir>/*`: Java expands the wildcard to every jar in the folder. */
  classpath: string
  /** False when Maven ran during this call. */
  fromCache: boolean
}

/** The package's pom.xml; `../` works from both `src/` (tests) and `dist/` (published). */
export const POM_PATH = fileURLToPath(new URL('../pom.xml', import.meta.url))

/** Written last into a finished `libs` folder; a folder without it is an interrupted download. */
const MARKER_FILE = '.resolved.json'

/** The `<properties>` of a POM, e.g. `{ 'kafka.version': '4.1.1' }`. */
export function readPomProperties(pomText: string): Record<string, string> {
  const block = /<properties>([\s\S]*?)<\/properties>/.exec(pomText)?.[1] ?? ''
  const properties: Record<string, string> = {}
  for (const match of block.matchAll(/<([\w.-]+)>([^<]*)<\/\1>/g)) {
    properties[match[1]!] = match[2]!.trim()
  }
  return properties
}

/** The cache root used when no `cacheDir` option is given. */
export function defaultCacheRoot(
  env: NodeJS.ProcessEnv = process.env,
  homeDir: string = os.homedir()
): string {
  if (env.CLICKSTREAM_KAFKA_CACHE) return path.resolve(env.CLICKSTREAM_KAFKA_CACHE)
  const cacheHome = env.XDG_CACHE_HOME || path.join(homeDir, '.cache')
  return path.join(cacheHome, 'clickstream')
}

/**
 * Downloads the Kafka broker jars with Maven on first use and returns the cached folder after.
 * Safe to call from several processes at once: each resolves into its own staging folder and
 * the first complete one is renamed into place.
 *
 * @example
 * const { classpath } = await resolveKafkaJars()
 */
export async function resolveKafkaJars(options: ResolveJarsOptions = {}): Promise<ResolvedJars> {
  const config = {
    cacheDir: defaultCacheRoot(),
    log: logToStderr,
    force: false,
    ...options,
  } satisfies Required<ResolveJarsOptions>

  const pomText = await readFile(POM_PATH, 'utf8')
  const kafkaVersion = readPomProperties(pomText)['kafka.version']
  if (!kafkaVersion) {
    throw new KafkaLocalError('RESOLVE_FAILED', `${POM_PATH} has no <kafka.version> property`)
  }
  // The marker records the POM it came from, so editing a version in pom.xml re-resolves.
  const pomSha256 = createHash('sha256').update(pomText).digest('hex')
  const versionDir = path.join(config.cacheDir, `kafka-${kafkaVersion}`)
  const libsDir = path.join(versionDir, 'libs')
  const resolved = (fromCache: boolean): ResolvedJars => ({
    kafkaVersion,
    libsDir,
    classpath: path.join(libsDir, '*'),
    fromCache,
  })

  if (!config.force && (await isComplete(libsDir, pomSha256))) return resolved(true)

  config.log(`resolving Kafka ${kafkaVersion} jars with Maven (first run only)…`)
  await checkMaven()
  const startedAt = Date.now()
  const stagingDir = path.join(
    versionDir,
    `.staging-${process.pid}-${randomBytes(4).toString('hex')}`
  )
  try {
    const stagedLibs = path.join(stagingDir, 'libs')
    await mkdir(stagingDir, { recursive: true })
    // Maven runs on a copy so that an installed (possibly read-only) package is never written to.
    await writeFile(path.join(stagingDir, 'pom.xml'), pomText)
    const mvn = await runCommand('mvn', [
      '-B',
      '-q',
      '-f',
      path.join(stagingDir, 'pom.xml'),
      'dependency:copy-dependencies',
      `-DoutputDirectory=${stagedLibs}`,
      '-DincludeScope=runtime',
    ])
    const kafkaJar = path.join(stagedLibs, `kafka_2.13-${kafkaVersion}.jar`)
    if (mvn.code !== 0 || !existsSync(kafkaJar)) {
      throw new KafkaLocalError(
        'RESOLVE_FAILED',
        `Maven could not resolve the Kafka ${kafkaVersion} jars (exit code ${mvn.code}). ` +
          `Check network access to Maven Central (or your ~/.m2/settings.xml mirror), then retry.\n` +
          lastLines(`${mvn.stdout}\n${mvn.stderr}`, 30),
        { retriable: true }
      )
    }
    await writeFile(
      path.join(stagedLibs, MARKER_FILE),
      JSON.stringify({ kafkaVersion, pomSha256, resolvedAt: new Date().toISOString() }, null, 2)
    )
    if (existsSync(libsDir) && (config.force || !(await isComplete(libsDir, pomSha256)))) {
      await rm(libsDir, { recursive: true, force: true })
    }
    try {
      await rename(stagedLibs, libsDir)
    } catch (error) {
      // Another process finished first: its complete folder is as good as ours.
      if (!(await isComplete(libsDir, pomSha256))) throw error
    }
  } finally {
    await rm(stagingDir, { recursive: true, force: true })
  }
  config.log(
    `Kafka ${kafkaVersion} jars cached in ${libsDir} in ${formatSeconds(Date.now() - startedAt)}`
  )
  return resolved(false)
}

async function isComplete(libsDir: string, pomSha256: string): Promise<boolean> {
  try {
    const marker = JSON.parse(await readFile(path.join(libsDir, MARKER_FILE), 'utf8')) as {
      pomSha256?: unknown
    }
    return marker.pomSha256 === pomSha256
  } catch {
    return false
  }
}
