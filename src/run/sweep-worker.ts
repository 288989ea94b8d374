/** A sweep worker thread: runs the points it is sent, one at a time, and answers with their results. */
import { parentPort } from "node:worker_threads";
import { runPoint, type PointJob } from "./sweep-point.js";

parentPort!.on("message", (job: PointJob) => {
  runPoint(job).then(
    (result) => parentPort!.postMessage({ index: job.point.index, result }),
    (error: unknown) => parentPort!.postMessage({ index: job.point.index, error: error instanceof Error ? error.message : String(error), usage: (error as Error)?.name === "UsageError" }),
  );
});
