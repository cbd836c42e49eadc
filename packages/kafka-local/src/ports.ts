import net from 'node:net'

import { KafkaLocalError } from './errors.js'

/** Loopback only: a dev broker must not be reachable from the network. */
export const LOOPBACK = '127.0.0.1'

function listen(port: number, host: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.once('error', reject)
    server.listen({ port, host, exclusive: true }, () => resolve(server))
  })
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}

/**
 * Picks `count` distinct free TCP ports on `host` by binding port 0 (the kernel's choice).
 * All sockets stay open until every port is chosen, so the kernel cannot hand out one twice.
 * The ports are free when returned; a process that grabs one before Kafka binds it makes that
 * node fail to start with "Address already in use" in its log.
 */
export async function findFreePorts(count: number, host: string = LOOPBACK): Promise<number[]> {
  const servers: net.Server[] = []
  try {
    for (let i = 0; i < count; i++) servers.push(await listen(0, host))
    return servers.map((server) => (server.address() as net.AddressInfo).port)
  } finally {
    await Promise.all(servers.map(close))
  }
}

/** True when nothing listens on `port` at `host`. */
export async function isPortFree(port: number, host: string = LOOPBACK): Promise<boolean> {
  try {
    await close(await listen(port, host))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return false
    throw error
  }
}

/** Throws a clear error when a port the user asked for is taken. */
export async function assertPortFree(port: number, host: string = LOOPBACK): Promise<void> {
  if (!(await isPortFree(port, host))) {
    throw new KafkaLocalError(
      'PORT_IN_USE',
      `Port ${port} on ${host} is already in use (another Kafka?). Stop it or choose another port.`
    )
  }
}
