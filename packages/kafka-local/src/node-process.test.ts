import { describe, expect, it } from 'vitest'

import { jvmArgs } from './node-process.js'

const args = jvmArgs({
  java: 'java',
  classpath: '/cache/libs/*',
  nodeDir: '/data/node-1',
  propertiesFile: '/data/node-1/server.properties',
  log4jFile: '/data/node-1/log4j2.properties',
  logFile: '/data/node-1/server.log',
  heapMb: 384,
})

describe('jvmArgs', () => {
  it('sizes the heap and runs kafka.Kafka on the node config', () => {
    expect(args).toContain('-Xms384m')
    expect(args).toContain('-Xmx384m')
    expect(args.slice(-4)).toEqual([
      '-cp',
      '/cache/libs/*',
      'kafka.Kafka',
      '/data/node-1/server.properties',
    ])
  })

  it('uses G1, headless mode and the node log4j config', () => {
    expect(args).toContain('-XX:+UseG1GC')
    expect(args).toContain('-Djava.awt.headless=true')
    expect(args).toContain('-Dlog4j2.configurationFile=/data/node-1/log4j2.properties')
  })

  it('keeps the full JIT, for throughput in benchmarks', () => {
    expect(args.some((arg) => arg.startsWith('-XX:TieredStopAtLevel'))).toBe(false)
  })
})
