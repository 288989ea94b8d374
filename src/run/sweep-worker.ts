/**
 * A worker thread: runs the jobs it is sent (sweep points, or variants of a scenario), one at a
 * time, and answers with their results. Each kind's modules load on its first job, so a worker
 * that only runs variants never loads the report and its charting libraries.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { WorkerJob } from "./worker-pool.js";

const answer = (work: () => Promise<unknown>) =>
  work().then(
    (result) => parentPort!.postMessage({ result }),
    (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error), usage: (error as Error)?.name === "UsageError" }),
  );

// Start loading what the pool was started for at once, while the caller still reads its scenario.
void (((workerData as { preload?: string } | undefined)?.preload === "variant" ? import("./scenario.js") : import("./sweep-point.js")) as Promise<unknown>).catch(() => undefined);

parentPort!.on("message", (message: WorkerJob) => {
  void answer(async () => (message.kind === "variant" ? (await import("./scenario.js")).runVariantJob(message.job) : (await import("./sweep-point.js")).runPoint(message.job)));
});
