import { createServer, Socket, type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { noDelaySocketFactory } from './socket-factory.js'

afterEach(() => vi.restoreAllMocks())

describe('noDelaySocketFactory', () => {
  it('connects to the broker with TCP_NODELAY and keep-alive on', async () => {
    const server = createServer((socket) => socket.end())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const noDelay = vi.spyOn(Socket.prototype, 'setNoDelay')
    const keepAlive = vi.spyOn(Socket.prototype, 'setKeepAlive')
    try {
      const { port } = server.address() as AddressInfo
      let socket: Socket | undefined
      await new Promise<void>((resolve) => {
        socket = noDelaySocketFactory({
          host: '127.0.0.1',
          port,
          ssl: undefined as never,
          onConnect: resolve,
        })
      })
      expect(socket!.remoteAddress).toBe('127.0.0.1')
      expect(socket!.remotePort).toBe(port)
      expect(noDelay).toHaveBeenCalledWith(true)
      expect(keepAlive).toHaveBeenCalledWith(true, 60_000)
      socket!.destroy()
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
