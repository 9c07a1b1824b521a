// Where the bench runs the notifications queue's consumer. On Cloudflare the
// consumer is invoked elsewhere, never on the auction room's thread; so by
// default the bench starts it in a second Miniflare instance (its own workerd
// process), and the room's figures are the room's alone.
//   CONSUMER=separate (default): the room's runtime only produces; its queue
//     broker finds the consumer through Miniflare's dev registry and forwards
//     each send there. Both runtimes keep D1 in one shared persistence
//     directory, so the consumer's writes land where the bench counts them.
//   CONSUMER=inprocess: the consumer runs in the room's runtime, as before
//     (for comparison with earlier figures).
import { join } from "node:path";

export const CONSUMER_MODE = process.env.CONSUMER ?? "separate";
if (CONSUMER_MODE !== "separate" && CONSUMER_MODE !== "inprocess") {
  console.error(`bench: CONSUMER must be "separate" or "inprocess", not "${CONSUMER_MODE}"`);
  process.exit(2);
}

const QUEUE = "gavel-notifications";
// As in wrangler.toml, without the dead-letter queue: a notice that fails five times is a bench failure either way.
const CONSUMER_SETTINGS = { maxBatchSize: 50, maxBatchTimeout: 1, maxRetries: 5 };

/**
 * The options the room's runtime needs for this mode: shared options for the
 * Miniflare instance and the queue bindings for the worker. In-process keeps
 * today's runtime exactly (Miniflare's own temporary storage): with a
 * persistence directory and the consumer in one runtime, the runtime closed
 * the bench's connection while it seeded users (seen at 1,000 watchers).
 */
export function roomRuntimeQueues(stateDir) {
  const producers = { queueProducers: { NOTIFICATIONS: QUEUE } };
  if (CONSUMER_MODE === "inprocess") return { shared: {}, worker: { ...producers, queueConsumers: { [QUEUE]: CONSUMER_SETTINGS } } };
  return { shared: sharedOptions(stateDir), worker: producers };
}

function sharedOptions(stateDir) {
  return { resourcePersistencePath: join(stateDir, "persist"), unsafeDevRegistryPath: join(stateDir, "registry") };
}

/**
 * Starts the consumer's own runtime: the same bundle under another name, with
 * the same D1 and the queue's consumer. Its Durable Objects (the users'
 * notification channels it pushes to) live in this runtime too, as they live
 * on other machines than the room in production. Returns null in-process.
 */
export async function startConsumerRuntime(startRuntime, gavelWorker, stateDir) {
  if (CONSUMER_MODE === "inprocess") return null;
  const { queueProducers: _producers, queueConsumers: _consumers, ...worker } = gavelWorker;
  return startRuntime(
    { ...worker, name: "gavel-notifications-consumer", queueProducers: { NOTIFICATIONS: QUEUE }, queueConsumers: { [QUEUE]: CONSUMER_SETTINGS } },
    sharedOptions(stateDir),
  );
}
