/**
 * Worker threads that run sweep points, or the variants of one run side by side. Start them early
 * (they load the model, and for points the report, and warm up while the caller reads and checks
 * the scenario); give them to `runSweep`, `runShard` or `runScenarioOnPool`; close them when done.
 * Each worker runs one job at a time and answers with its result; results land in job order.
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { packageRoot } from "../package-root.js";
import { UsageError } from "../messages.js";
import type { PointJob, PointResult } from "./sweep-job.js";
import type { VariantJob } from "./scenario.js";

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

/** Threads to use by default: Slurm's CPUs for this task under Slurm, else the machine's cores. */
export function defaultWorkers(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const slurm = env.SLURM_CPUS_PER_TASK;
  if (slurm !== undefined && /^\d+$/.test(slurm) && Number(slurm) >= 1) return Math.min(256, Number(slurm));
  return availableParallelism();
}

/** The compiled worker beside this file, or, when this runs as TypeScript source (tests), the one in dist/. */
function workerScript(): URL {
  if (import.meta.url.endsWith(".js")) return new URL("./sweep-worker.js", import.meta.url);
  return pathToFileURL(join(packageRoot(), "dist/src/run/sweep-worker.js"));
}

/**
 * Starts `count` worker threads (0 for none: the caller's thread then runs every job). Each starts
 * loading the modules of `preload` at once: "point" (the model and the report, for sweeps) or
 * "variant" (the model only, for one run's variants); other jobs load theirs when they come.
 */
export function startWorkers(count: number, preload: "point" | "variant" = "point"): WorkerPool {
  const script = workerScript();
  const workers = Array.from({ length: Math.max(0, count) }, () => new Worker(script, { resourceLimits: WORKER_LIMITS, workerData: { preload } }));
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

/** What a worker thread runs: a sweep point (sweep-point.ts) or one variant of a scenario (scenario.ts). */
export type WorkerJob = { kind: "point"; job: PointJob } | { kind: "variant"; job: VariantJob };

/**
 * Runs the jobs: this thread takes jobs too (a worker pays its own module loading and JIT warm-up,
 * and this thread would only wait), beside the pool's workers. Jobs go out in order to whoever is
 * free; results land at their index, so they do not depend on who ran what.
 */
export async function runOnPool<R>(jobs: readonly WorkerJob[], pool: WorkerPool | undefined, runHere: (job: WorkerJob) => Promise<R>, onDone: (n: number) => void = () => undefined): Promise<R[]> {
  const results = new Array<R>(jobs.length);
  if (jobs.length === 0) return results;
  let next = 0;
  let done = 0;
  let failed = false;
  const finished = (index: number, result: R): void => {
    results[index] = result;
    onDone(++done);
  };
  const inWorkers = (pool?.workers ?? []).map(
    (worker) =>
      new Promise<void>((resolveWorker, reject) => {
        // A worker runs one job at a time: the answer is for the job last given.
        let current = -1;
        const onMessage = (m: { result?: R; error?: string; usage?: boolean }): void => {
          if (m.error !== undefined) return fail(m.usage ? new UsageError(m.error) : new Error(m.error));
          finished(current, m.result!);
          give();
        };
        const fail = (error: Error): void => {
          failed = true;
          stop();
          reject(error);
        };
        const give = (): void => {
          if (next < jobs.length && !failed) {
            current = next++;
            worker.postMessage(jobs[current]);
          } else {
            stop();
            resolveWorker();
          }
        };
        // A pool outlives one sweep (the library API reuses it): leave no listener behind.
        const stop = (): void => {
          worker.off("message", onMessage);
          worker.off("error", fail);
        };
        worker.on("message", onMessage);
        worker.on("error", fail);
        give();
      }),
  );
  const here = (async () => {
    while (next < jobs.length && !failed) {
      const index = next++;
      try {
        finished(index, await runHere(jobs[index]!));
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  })();
  await Promise.all([here, ...inWorkers]);
  return results;
}

/** Runs sweep points (see runOnPool); results in job order. */
export async function runJobs(jobs: readonly PointJob[], pool: WorkerPool | undefined, onDone: (n: number) => void): Promise<PointResult[]> {
  if (jobs.length === 0) return [];
  // Loaded here, not at the top: a caller starts its workers before it loads the model and the report.
  const { runPoint, runPointsSideBySide } = await import("./sweep-point.js");
  // Fewer points than threads: spread the points' distinct variants over the idle threads.
  if (pool !== undefined && jobs.length < pool.workers.length + 1) {
    const sideBySide = await runPointsSideBySide(jobs, pool, onDone);
    if (sideBySide !== undefined) return sideBySide;
  }
  return runOnPool<PointResult>(jobs.map((job) => ({ kind: "point", job })), pool, (j) => runPoint((j as { job: PointJob }).job), onDone);
}
