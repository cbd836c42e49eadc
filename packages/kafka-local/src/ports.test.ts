import net from 'node:net'

import { describe, expect, it } from 'vitest'

import { assertPortFree, findFreePorts, isPortFree } from './ports.js'

function listenOn(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve(server))
  })
}

describe('findFreePorts', () => {
  it('returns the requested number of distinct ports', async () => {
    const ports = await findFreePorts(6)
    expect(ports).toHaveLength(6)
    expect(new Set(ports).size).toBe(6)
  })

  it('returns ports that can be bound right away', async () => {
    const ports = await findFreePorts(2)
    const servers = await Promise.all(ports.map(listenOn))
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  })
})

describe('isPortFree', () => {
  it('tells a taken port from a free one', async () => {
    const server = await listenOn(0)
    const { port } = server.address() as net.AddressInfo
    try {
      expect(await isPortFree(port)).toBe(false)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
    expect(await isPortFree(port)).toBe(true)
  })
})

describe('assertPortFree', () => {
  it('throws PORT_IN_USE naming the port', async () => {
    const server = await listenOn(0)
    const { port } = server.address() as net.AddressInfo
    try {
      await expect(assertPortFree(port)).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        message: expect.stringContaining(String(port)),
      })
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
