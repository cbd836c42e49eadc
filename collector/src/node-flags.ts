/**
 * The Node flags the collector is meant to run with; its bin (`clickstream-collector`, through
 * its `#!` line), `npm start` and the bench pass them. When you start it some other way (your own
 * entry point, a container's command), pass them too, e.g. `NODE_OPTIONS=--max-semi-space-size=32`.
 *
 * `--max-semi-space-size=32`: every request allocates tens of kilobytes (the parsed events, their
 * enriched copies, kafkajs's record buffers) that live until Kafka acknowledges them. V8's default
 * young generation on Node 20 (16 MB semi-spaces) fills within a few milliseconds under load, so
 * much of it survives two scavenges, is promoted and then costs old-generation collections. With
 * 32 MB the collector → Kafka served 25–35 % more requests on the same CPU in a same-run A/B
 * (docs/decisions.md); the young generation costs up to about 100 MB more memory.
 */
export const COLLECTOR_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32']
