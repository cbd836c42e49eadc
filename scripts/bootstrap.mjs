#!/usr/bin/env node
/**
 * Installs the system packages the project needs (a JDK 17+ and Maven for Kafka, Chromium for
 * the browser tests, kcat and redis-server for tools and tests) and warms the Kafka jar cache.
 * On Debian as root it installs what is missing with apt-get; elsewhere it names the command.
 *
 * Usage: npm run bootstrap [-- --check]   (--check: report only, install nothing)
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const checkOnly = process.argv.includes('--check')

/** What we need: a probe that says whether it is there, and the Debian package that brings it. */
const requirements = [
  { name: 'Java 17+', debian: 'openjdk-17-jre-headless', present: () => javaMajor() >= 17 },
  { name: 'Maven', debian: 'maven', present: () => onPath('mvn') },
  { name: 'Chromium', debian: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { name: 'kcat', debian: 'kcat', present: () => onPath('kcat') },
  { name: 'redis-server', debian: 'redis-server', present: () => onPath('redis-server') },
]

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

function javaMajor() {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' })
  if (result.error || result.status !== 0) return 0
  // `openjdk version "17.0.15"` or `"1.8.0_412"`
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr)
  if (!match) return 0
  return match[1] === '1' ? Number(match[2]) : Number(match[1])
}

const missing = requirements.filter((requirement) => !requirement.present())
for (const requirement of requirements) {
  console.log(`${missing.includes(requirement) ? 'missing' : 'ok     '}  ${requirement.name}`)
}

if (missing.length > 0) {
  const packages = missing.map((requirement) => requirement.debian)
  const command = `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`
  const canInstall = process.getuid?.() === 0 && onPath('apt-get') && !checkOnly
  if (!canInstall) {
    console.error(`\nInstall the missing packages (Debian/Ubuntu, as root):\n  ${command}`)
    process.exit(1)
  }
  console.log(`\ninstalling: ${packages.join(' ')}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env,
  })
  const still = missing.filter((requirement) => !requirement.present())
  if (still.length > 0) {
    console.error(`still missing after apt-get: ${still.map((r) => r.name).join(', ')}`)
    process.exit(1)
  }
}

if (!checkOnly) {
  // Resolve Kafka's jars once (Maven, cached in ~/.cache/clickstream) so the first test run
  // does not spend its time downloading.
  execFileSync('npx', ['tsx', 'packages/kafka-local/src/cli.ts', 'resolve'], { stdio: 'inherit' })
}
console.log('bootstrap: done')
