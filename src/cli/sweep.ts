/**
 * `p2psim sweep`: run a scenario at every point of its `sweep:` axes, in parallel on worker threads,
 * and write each point's results plus `sweep.csv` and the sweep charts. Points are independent runs
 * with the scenario's seed and are collected in point order, so the output is byte-identical
 * whatever the number of workers.
 */
import { availableParallelism } from "node:os";
import { rename, rm, mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { UsageError } from "../messages.js";
import { loadScenario } from "../scenario/load.js";
import { axisLabel, sweepAxes, sweepPoints, type SweepPoint as AxisPoint } from "../scenario/sweep.js";
import type { SweepPoint } from "../report/types.js";
import { optionValue, parseOptions, wholeNumber, type OptionSpec } from "./options.js";
import { progressBar } from "./progress.js";
import { pointData, type PointJob, type PointResult } from "./sweep-job.js";
import { scenarioFromData } from "../scenario/load.js";
import type { Command, Io } from "./command.js";

const OPTIONS = {
  out: { type: "string" },
  workers: { type: "string" },
  seed: { type: "string" },
  set: { type: "string", multiple: true, default: [] },
  "no-png": { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies OptionSpec;

/**
 * A worker's young generation, MiB. The model allocates a TLP object per TLP and drops it a few
 * microseconds of simulated time later; a larger nursery means fewer scavenges (measured: a 16-point
 * sweep's CPU time fell by about 10 % against a worker's default).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 96 };

const HELP = `p2psim sweep: run a scenario over its sweep axes, in parallel

Usage: p2psim sweep FILE [--out DIR] [--workers N] [--seed N] [--set path=value]... [--no-png]

The scenario's \`sweep:\` block maps field paths to lists of values or ranges
({ from: 4KiB, to: 1MiB, factor: 2 } or { from: 1, to: 64, step: 1 }); every combination runs,
each with every variant of \`compare:\`. Writes DIR (default results/<name>-sweep): sweep.csv (one
row per point, variant and flow, axis values first), charts/ (each metric against the first axis,
one line per variant, the analytic ceiling where one applies) and points/NNN/ (a full results
folder per point). Results are identical whatever --workers is.

Options:
  --out DIR          where to write (default results/<scenario name>-sweep)
  --workers N        points run at once: this thread and N-1 worker threads (default: all cores)
  --seed N           override the scenario's seed
  --set PATH=VALUE   change a field of every point (repeatable)
  --no-png           skip PNG rendering
  -h, --help         this text

Examples:
  p2psim sweep scenarios/iotlb-study.yaml
  p2psim sweep scenarios/default.yaml --set 'sweep={workloads.0.io: [4KiB, 64KiB, 1MiB]}' --workers 2
`;

/**
 * Runs every point: this thread takes points too (with `runPoint`), beside the `pool` of worker
 * threads (a worker pays its own module loading and JIT warm-up, and this thread would only wait).
 * Points go out in order to whoever is free; results land at their index, so the output does not
 * depend on who ran what.
 */
async function runPoints(jobs: PointJob[], pool: readonly Worker[], runPoint: (job: PointJob) => Promise<PointResult>, onDone: (n: number) => void): Promise<PointResult[]> {
  const summaries = new Array<PointResult>(jobs.length);
  let next = 0;
  let done = 0;
  let failed = false;
  const finished = (index: number, result: PointResult): void => {
    summaries[index] = result;
    onDone(++done);
  };
  const inWorkers = pool.map(
    (worker) =>
      new Promise<void>((resolveWorker, reject) => {
        const fail = (error: Error): void => {
          failed = true;
          reject(error);
        };
        const give = (): void => {
          if (next < jobs.length && !failed) worker.postMessage(jobs[next++]);
          else resolveWorker();
        };
        worker.on("message", (m: { index: number; result?: PointResult; error?: string; usage?: boolean }) => {
          if (m.error !== undefined) return fail(m.usage ? new UsageError(m.error) : new Error(m.error));
          finished(m.index, m.result!);
          give();
        });
        worker.on("error", fail);
        give();
      }),
  );
  const here = (async () => {
    while (next < jobs.length && !failed) {
      const index = next++;
      try {
        finished(index, await runPoint(jobs[index]!));
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  })();
  await Promise.all([here, ...inWorkers]);
  return summaries;
}

interface SweepOptions {
  set: string[];
  out?: string | undefined;
  "no-png": boolean;
}

export const sweepCommand: Command = {
  name: "sweep",
  summary: "run a scenario over its sweep axes, in parallel",
  async run(argv: readonly string[], io: Io): Promise<number> {
    const { values: v, positionals } = parseOptions(argv, OPTIONS, true);
    if (v.help) {
      io.out(HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError("give one scenario file with a sweep: block, e.g. p2psim sweep scenarios/iotlb-study.yaml");
    const workers = v.workers === undefined ? availableParallelism() : optionValue("workers", v.workers, wholeNumber(1, 256));
    const seed = v.seed === undefined ? undefined : optionValue("seed", v.seed, wholeNumber(0, 2 ** 31 - 1));
    // The workers load the model and the report while this thread reads and checks the points.
    const pool = Array.from({ length: workers - 1 }, () => new Worker(new URL("./sweep-worker.js", import.meta.url), { resourceLimits: WORKER_LIMITS }));
    try {
      return await sweep(positionals[0]!, v, seed, pool, io);
    } finally {
      await Promise.all(pool.map((w) => w.terminate()));
    }
  },
};

async function sweep(file: string, v: SweepOptions, seed: number | undefined, pool: Worker[], io: Io): Promise<number> {
  const base = loadScenario(file, v.set);
  const axes = sweepAxes(base.scenario.sweep, file);
  if (axes.length === 0) throw new UsageError(`${file}: sweep: the scenario has no sweep: block (field path -> values)`);
  const points: AxisPoint[] = sweepPoints(axes, file);
  // Validate every point before running any, so a bad value costs nothing.
  for (const point of points) scenarioFromData(pointData({ file, settings: v.set, point }), `${file} (sweep point ${point.index})`);
  // With fewer points than workers, the spare workers stop now.
  const spare = pool.splice(Math.max(0, points.length - 1));
  await Promise.all(spare.map((w) => w.terminate()));
  const [{ runPoint }, { writeSweep }, { sweepCharts }] = await Promise.all([import("./sweep-point.js"), import("../report/write-sweep.js"), import("../report/sweep-charts.js")]);

  const out = resolve(v.out ?? join("results", `${base.scenario.name}-sweep`));
  const pointsTmp = `${out}.points-${process.pid}.tmp`;
  await rm(pointsTmp, { recursive: true, force: true });
  await mkdir(pointsTmp, { recursive: true });
  try {
    const jobs: PointJob[] = points.map((point) => ({ file, settings: v.set, point, pointsDir: pointsTmp, png: !v["no-png"], ...(seed !== undefined ? { seed } : {}) }));
    const bar = progressBar(`${base.scenario.name} sweep`, jobs.length);
    const summaries = await runPoints(jobs, pool, runPoint, (n) => bar.update(n));
    bar.stop();
    const rows: SweepPoint[] = points.map((p, i) => ({
      axis: Object.fromEntries(p.settings.map(([k, val]) => [k, axisLabel(val)])),
      summary: summaries[i]!.summary,
      ceilingsGBps: summaries[i]!.ceilingsGBps,
    }));
    await writeSweep(out, rows, sweepCharts(rows, axes[0]!.path), { png: !v["no-png"] });
    await rename(pointsTmp, join(out, "points"));
  } catch (error) {
    await rm(pointsTmp, { recursive: true, force: true });
    throw error;
  }
  io.out(`${base.scenario.name}: ${points.length} points x ${base.variants.length} variants on ${pool.length + 1} worker(s); written to ${out}\n`);
  return 0;
}
