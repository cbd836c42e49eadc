import type { TestProject } from 'vitest/node'
import { startKafka, type KafkaCluster } from '@clickstream/kafka-local'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap address of the Kafka that the tests share, `host:port[,host:port]`. */
    kafkaBrokers: string
  }
}

interface Shared {
  cluster: Promise<KafkaCluster | undefined>
  users: number
}

// The integration and e2e projects both load this file; they share one broker for the run.
const shared = globalThis as { __clickstreamKafka?: Shared }

/** Starts one single-node Kafka for the whole run, or uses `KAFKA_BROKERS` when set. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.KAFKA_BROKERS
  shared.__clickstreamKafka ??= {
    cluster: external ? Promise.resolve(undefined) : startKafka({ nodes: 1 }),
    users: 0,
  }
  const state = shared.__clickstreamKafka
  state.users++
  const cluster = await state.cluster
  project.provide('kafkaBrokers', external ?? cluster!.bootstrap)
  return async () => {
    if (--state.users === 0) await cluster?.stop()
  }
}
