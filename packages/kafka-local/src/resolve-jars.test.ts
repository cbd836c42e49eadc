import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'

import { defaultCacheRoot, POM_PATH, readPomProperties, resolveKafkaJars } from './resolve-jars.js'

const pomText = await readFile(POM_PATH, 'utf8')
const kafkaVersion = readPomProperties(pomText)['kafka.version']!
const scratch = await mkdtemp(path.join(os.tmpdir(), 'kafka-local-resolve-'))
afterAll(() => rm(scratch, { recursive: true, force: true }))
afterEach(() => {
  vi.unstubAllEnvs()
})

async function fakeCache(name: string, marker: object | undefined): Promise<string> {
  const cacheDir = path.join(scratch, name)
  const libsDir = path.join(cacheDir, `kafka-${kafkaVersion}`, 'libs')
  await mkdir(libsDir, { recursive: true })
  await writeFile(path.join(libsDir, `kafka_2.13-${kafkaVersion}.jar`), '')
  if (marker) await writeFile(path.join(libsDir, '.resolved.json'), JSON.stringify(marker))
  return cacheDir
}

describe('readPomProperties', () => {
  it('reads the Kafka and log4j versions from the package pom.xml', () => {
    const properties = readPomProperties(pomText)
    expect(properties['kafka.version']).toMatch(/^4\.\d+\.\d+$/)
    expect(properties['log4j.version']).toMatch(/^2\.\d+\.\d+$/)
  })
})

describe('defaultCacheRoot', () => {
  it('honours CLICKSTREAM_KAFKA_CACHE, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(defaultCacheRoot({ CLICKSTREAM_KAFKA_CACHE: '/ci/cache' }, '/home/u')).toBe('/ci/cache')
    expect(defaultCacheRoot({ XDG_CACHE_HOME: '/xdg' }, '/home/u')).toBe('/xdg/clickstream')
    expect(defaultCacheRoot({}, '/home/u')).toBe('/home/u/.cache/clickstream')
  })
})

describe('resolveKafkaJars', () => {
  it('reuses a complete cache without running Maven', async () => {
    const pomSha256 = createHash('sha256').update(pomText).digest('hex')
    const cacheDir = await fakeCache('complete', { pomSha256 })
    const log = vi.fn()
    const jars = await resolveKafkaJars({ cacheDir, log })
    expect(jars).toEqual({
      kafkaVersion,
      libsDir: path.join(cacheDir, `kafka-${kafkaVersion}`, 'libs'),
      classpath: path.join(cacheDir, `kafka-${kafkaVersion}`, 'libs', '*'),
      fromCache: true,
    })
    expect(log).not.toHaveBeenCalled()
  })

  // Without Maven on PATH, "tries to resolve" shows up as MAVEN_MISSING.
  it('resolves again when the cache has no completion marker (an interrupted download)', async () => {
    const cacheDir = await fakeCache('interrupted', undefined)
    vi.stubEnv('PATH', path.join(scratch, 'empty-bin'))
    const log = vi.fn()
    await expect(resolveKafkaJars({ cacheDir, log })).rejects.toMatchObject({
      code: 'MAVEN_MISSING',
    })
    expect(log).toHaveBeenCalledWith(
      `resolving Kafka ${kafkaVersion} jars with Maven (first run only)…`
    )
  })

  it('resolves again when pom.xml changed since the cache was written', async () => {
    const cacheDir = await fakeCache('stale', { pomSha256: 'an older pom' })
    vi.stubEnv('PATH', path.join(scratch, 'empty-bin'))
    await expect(resolveKafkaJars({ cacheDir, log: () => {} })).rejects.toMatchObject({
      code: 'MAVEN_MISSING',
    })
  })
})
