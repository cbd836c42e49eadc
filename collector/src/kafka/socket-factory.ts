import { connect as connectTcp, isIP } from 'node:net'
import { connect as connectTls } from 'node:tls'
import type { ISocketFactory } from 'kafkajs'

/** kafkajs's own TCP keep-alive delay, in ms. */
const KEEP_ALIVE_MS = 60_000

/**
 * The sockets of kafkajs's default factory (`src/network/socketFactory.js`), plus `TCP_NODELAY`,
 * as the Java client sets it. kafkajs leaves Nagle's algorithm on: the last, partial segment of a
 * produce request larger than one segment then waits until the broker has acknowledged the
 * segments before it, and a delayed acknowledgement can hold it for tens of milliseconds.
 */
export const noDelaySocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? connectTls({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
    : connectTcp({ host, port }, onConnect)
  socket.setKeepAlive(true, KEEP_ALIVE_MS)
  socket.setNoDelay(true)
  return socket
}
