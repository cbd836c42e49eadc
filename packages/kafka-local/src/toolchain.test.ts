import { describe, expect, it } from 'vitest'

import { MissingToolError } from './errors.js'
import { checkJava, checkMaven, javaCommand, parseJavaMajorVersion } from './toolchain.js'

describe('parseJavaMajorVersion', () => {
  it('reads the major version of modern and pre-9 version strings', () => {
    expect(parseJavaMajorVersion('openjdk version "17.0.15" 2025-04-15')).toBe(17)
    expect(parseJavaMajorVersion('openjdk version "21" 2023-09-19')).toBe(21)
    expect(parseJavaMajorVersion('java version "1.8.0_392"')).toBe(8)
    expect(parseJavaMajorVersion('openjdk version "11.0.2-ea" 2019-01-15')).toBe(11)
  })

  it('returns undefined for output it does not recognize', () => {
    expect(parseJavaMajorVersion('bash: java: command not found')).toBeUndefined()
  })
})

describe('javaCommand', () => {
  it('prefers JAVA_HOME over PATH', () => {
    expect(javaCommand({ JAVA_HOME: '/opt/jdk' })).toBe('/opt/jdk/bin/java')
    expect(javaCommand({})).toBe('java')
  })
})

describe('missing tools', () => {
  it('names the apt-get command when java is missing', async () => {
    const error = await checkJava('/nonexistent/bin/java').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(MissingToolError)
    expect(error).toMatchObject({ code: 'JAVA_MISSING', tool: 'java' })
    expect((error as Error).message).toContain('apt-get install -y openjdk-17-jre-headless maven')
    expect((error as Error).message).toContain('npm run bootstrap')
  })

  it('names the apt-get command when Maven is missing', async () => {
    await expect(checkMaven('/nonexistent/bin/mvn')).rejects.toMatchObject({
      code: 'MAVEN_MISSING',
      installCommand: 'apt-get install -y openjdk-17-jre-headless maven',
    })
  })
})
