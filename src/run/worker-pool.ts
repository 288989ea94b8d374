/**
 * Worker threads that run sweep points. Start them early (they load the model and the report and
 * warm up while the caller reads and checks the scenario); give them to `runSweep`; terminate them
 * when done. Each worker runs one point at a time and answers with its result.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { packageRoot } from "../package-root.js";

/**
 * A worker's young generation, MiB. The model allocates a TLP object per TLP and drops it a few
 * microseconds of simulated time later; a larger nursery means fewer scavenges (measured: a 16-point
 * sweep's CPU time fell by about 10 % against a worker's default).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 96 };

export interface WorkerPool {
  readonly workers: Worker[];
  /** Stops every worker (those still idle, and any left running after a failure). */
  close(): Promise<void>;
  /** Stops all but `keep` workers now (a sweep with fewer points than workers). */
  shrink(keep: number): Promise<void>;
}

/** The compiled worker beside this file, or, when this runs as TypeScript source (tests), the one in dist/. */
function workerScript(): URL {
  if (import.meta.url.endsWith(".js")) return new URL("./sweep-worker.js", import.meta.url);
  return pathToFileURL(join(packageRoot(), "dist/src/run/sweep-worker.js"));
}

/** Starts `count` worker threads (0 for none: the caller's thread then runs every point). */
export function startWorkers(count: number): WorkerPool {
  const script = workerScript();
  const workers = Array.from({ length: Math.max(0, count) }, () => new Worker(script, { resourceLimits: WORKER_LIMITS }));
  return {
    workers,
    close: async () => {
      await Promise.all(workers.splice(0).map((w) => w.terminate()));
    },
    shrink: async (keep: number) => {
      await Promise.all(workers.splice(Math.max(0, keep)).map((w) => w.terminate()));
    },
  };
}
