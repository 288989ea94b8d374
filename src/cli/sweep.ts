/**
 * `p2psim sweep`: argv -> src/run/ -> print. Every point of the scenario's `sweep:` axes, in
 * parallel on worker threads, or one shard of them (`--shard I/N`), or a launcher that runs the
 * shards on a cluster (`--emit`); `p2psim sweep merge DIR...` checks the shards and writes the
 * sweep's files. Output byte-identical whatever the number of workers or shards.
 */
import { join, resolve } from "node:path";
import { UsageError, message } from "../messages.js";
import { parseTime } from "../scenario/quantity.js";
import { MAX_GIVEN_WINDOWS } from "../run/sampler.js";
import { defaultWorkers, openScenario } from "../run/library.js";
import { LAUNCHERS, launcherText, type Launcher } from "../run/launchers.js";
import { parseShard, shardFileName, type Shard } from "../run/shard.js";
import { shardMessage } from "../run/shard-messages.js";
import { POINT_CHARTS, planSweep, type PointCharts } from "../run/sweep.js";
import { startWorkers, type WorkerPool } from "../run/worker-pool.js";
import type { SweepPoint } from "../report/types.js";
import { oneOfStrings, optionValue, parseOptions, seedNumber, wholeNumber, type OptionSpec } from "./options.js";
import { prepareOutput, writeError } from "./out-dir.js";
import { sweepProgress } from "./sweep-progress.js";
import type { Command, Io } from "./command.js";

const OPTIONS = {
  out: { type: "string" },
  workers: { type: "string" },
  seed: { type: "string" },
  set: { type: "string", multiple: true, default: [] },
  shard: { type: "string" },
  emit: { type: "string" },
  shards: { type: "string" },
  "max-parallel": { type: "string" },
  command: { type: "string" },
  "no-png": { type: "boolean", default: false },
  "point-charts": { type: "string", default: "all" },
  quiet: { type: "boolean", short: "q", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies OptionSpec;

const HELP = `p2psim sweep: run a scenario over its sweep axes, in parallel, on one machine or many

Usage: p2psim sweep FILE [--out DIR] [--workers N] [--seed N] [--set path=value]... [--no-png]
                    [--point-charts all|specs] [--quiet]
       p2psim sweep FILE --shard I/N|auto [--out DIR] ...
       p2psim sweep FILE --emit slurm|parallel|k8s --shards N [--max-parallel K] [--out DIR] ...
       p2psim sweep merge DIR... [--out DIR] [--no-png]

The scenario's \`sweep:\` block maps field paths to lists of values or ranges
({ from: 4KiB, to: 1MiB, factor: 2 } or { from: 1, to: 64, step: 1 }); every combination runs,
each with every variant of \`compare:\`. Writes DIR (default results/<name>-sweep): sweep.csv (one
row per point, variant and flow, axis values first), charts/ (each metric against the first axis,
one line per variant, the analytic ceiling where one applies), report.html (the charts and a table
of the points), points/NNNNN/ (a full results folder per point) and shards/. Prints the table of
points when done. Points already in DIR from the same sweep, and verified, are not run again, so
a sweep that was stopped resumes. Results are identical whatever --workers or --shard is.

--shard I/N runs only the points whose index is I mod N and writes points/ and shards/I-of-N.json;
once every shard is done, 'p2psim sweep merge DIR' checks them (same scenario digest, version and
seed; every point exactly once; each point's checksum) and writes sweep.csv, charts and report.html.
A missing shard is listed as --array=... for resubmission (exit 2). --shard auto takes I from
SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX, and N from P2PSIM_SHARD_COUNT (or else
SLURM_ARRAY_TASK_COUNT).

Options:
  --out DIR          where to write (default results/<scenario name>-sweep)
  --workers N        points run at once: this thread and N-1 worker threads
                     (default: SLURM_CPUS_PER_TASK under Slurm, else all cores)
  --seed N           override the scenario's seed: a whole number from -(2^53 - 1) to 2^53 - 1,
                     as the scenario's seed: takes
  --set PATH=VALUE   change a field of every point (repeatable)
  --shard I/N|auto   run one shard of the points (see above)
  --emit KIND        print a launcher: slurm (a job-array script that queues the merge with
                     afterok), parallel (a GNU parallel line over --sshloginfile), k8s (an
                     Indexed Job manifest); needs --shards
  --shards N         shards for --emit
  --max-parallel K   shards at once for --emit (default N)
  --command CMD      how the launcher calls p2psim (default p2psim)
  --no-png           skip PNG rendering
  --point-charts W   each point's charts/: all (default; vega-lite spec, SVG and PNG) or
                     specs (the specs only, which the point's report.html draws in the
                     browser: a sweep of small points runs about 2x faster). The sweep's own
                     charts are always drawn in full
  -q, --quiet        no progress on stderr (a bar on a terminal, else a line every 5 s)
                     and no table of points at the end
  -h, --help         this text

Examples:
  p2psim sweep scenarios/iotlb-study.yaml
  p2psim sweep scenarios/default.yaml --workers 2 \\
    --set 'sweep={workloads.0.io: [4KiB, 64KiB, 1MiB]}'
  p2psim sweep scenarios/iotlb-study.yaml --emit slurm --shards 20 --max-parallel 4 > iotlb.sbatch
  bash iotlb.sbatch              # submits the array and the merge job
  p2psim sweep scenarios/iotlb-study.yaml --shard 2/8 --out /shared/iotlb
  p2psim sweep merge /shared/iotlb
`;

type Values = ReturnType<typeof parseOptions<typeof OPTIONS>>["values"];

/** Worker count: --workers, else Slurm's CPUs for this task, else the machine's cores. */
function workerCount(v: Values): number {
  return v.workers !== undefined ? optionValue("workers", v.workers, wholeNumber(1, 256)) : defaultWorkers();
}

export const sweepCommand: Command = {
  name: "sweep",
  summary: "run a scenario over its sweep axes, in parallel, on one machine or as shards; merge shards",
  async run(argv: readonly string[], io: Io): Promise<number> {
    const { values: v, positionals } = parseOptions(argv, OPTIONS, true);
    if (v.help) {
      io.out(HELP);
      return 0;
    }
    if (positionals[0] === "merge") return merge(positionals.slice(1), v, io);
    if (positionals.length !== 1) throw new UsageError("give one scenario file with a sweep: block, e.g. p2psim sweep scenarios/iotlb-study.yaml");
    const seed = v.seed === undefined ? undefined : optionValue("seed", v.seed, seedNumber);
    const pointCharts = optionValue("point-charts", v["point-charts"], oneOfStrings(POINT_CHARTS));
    if (v.emit !== undefined) return emit(positionals[0]!, v, seed, io);
    const workers = workerCount(v);
    const shard = v.shard === undefined ? undefined : optionValue("shard", v.shard, (text) => parseShard(text));
    // The workers load the model and the report while this thread reads and checks the points.
    const pool = startWorkers(workers - 1);
    try {
      return await sweep(positionals[0]!, v, seed, pointCharts, shard, pool, io);
    } finally {
      await pool.close();
    }
  },
};

async function sweep(file: string, v: Values, seed: number | undefined, pointCharts: PointCharts, shard: Shard | undefined, pool: WorkerPool, io: Io): Promise<number> {
  const plan = planSweep(openScenario(file, { settings: v.set }));
  const name = plan.base.scenario.name;
  const out = resolve(v.out ?? join("results", `${name}-sweep`));
  prepareOutput([out], io.err);
  const progress = sweepProgress(shard === undefined ? `${name} sweep` : `${name} shard ${shard.index}/${shard.count}`, process.stderr, { quiet: v.quiet });
  let reused = 0;
  const onStart = (verified: number, total: number) => {
    reused = verified;
    progress.start(verified, total);
  };
  const options = { pool, png: !v["no-png"], pointCharts, onStart, onPoint: progress.update, ...(seed !== undefined ? { seed } : {}) };
  const threads = () => `${pool.workers.length + 1} worker(s)${reused > 0 ? `, ${reused} point(s) reused from an earlier run` : ""}`;
  try {
    return await written(out, async () => {
      if (shard !== undefined) {
        const { runShard } = await import("../run/shard.js");
        const record = await runShard(plan, out, { ...options, shard });
        progress.stop();
        io.out(`${name}: shard ${shard.index}/${shard.count}: ${record.indices.length} of ${plan.points.length} points x ${plan.base.variants.length} variants on ${threads()}; written to ${join(out, "shards", shardFileName(shard))}\n`);
        return 0;
      }
      const { sweepToFolder } = await import("../run/sweep-folder.js");
      const rows = await sweepToFolder(plan, out, options);
      progress.stop();
      warnWidened(rows, io);
      await printTable(rows, v, io);
      io.out(`${name}: ${plan.points.length} points x ${plan.base.variants.length} variants on ${threads()}; written to ${out}\n`);
      return 0;
    });
  } finally {
    progress.stop();
  }
}

/** Runs `write`, turning a file system error (the folder is a file, not writable, full) into a one-line `--out` message. */
async function written<T>(out: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw writeError(error, out);
  }
}

/**
 * The warning when points' `window:` was widened (a run is cut into at most MAX_GIVEN_WINDOWS
 * windows, so the sampler doubles a smaller one): one line for the sweep, with the first such point.
 */
function sweepWindowWarning(rows: readonly SweepPoint[]): string {
  const widened: string[] = [];
  rows.forEach((row, index) => {
    const asked = row.summary.provenance?.scenario["window"];
    if (asked === undefined) return;
    const askedPs = parseTime(String(asked));
    const used = row.summary.variants.find((variant) => variant.windowNs !== undefined && Math.round(variant.windowNs * 1000) !== askedPs);
    if (used !== undefined) widened.push(`point ${index}: window: ${String(asked)}, used ${used.windowNs}ns`);
  });
  return widened.length === 0 ? "" : `${message.sweepWindowWidened(widened.length, rows.length, MAX_GIVEN_WINDOWS, widened[0]!)}\n`;
}

function warnWidened(rows: readonly SweepPoint[], io: Io): void {
  const warning = sweepWindowWarning(rows);
  if (warning !== "") io.err(`p2psim sweep: ${warning}`);
}

async function printTable(rows: readonly SweepPoint[], v: Values, io: Io): Promise<void> {
  if (v.quiet) return;
  const { sweepTable, tableText } = await import("../report/sweep-table.js");
  io.out(tableText(sweepTable(rows)));
}

async function merge(dirs: readonly string[], v: Values, io: Io): Promise<number> {
  if (dirs.length === 0) throw new UsageError(shardMessage.noFolders());
  const { mergeToFolder } = await import("../run/sweep-folder.js");
  const out = resolve(v.out ?? dirs[0]!);
  prepareOutput([out], io.err);
  const { plan, rows } = await written(out, () => mergeToFolder(dirs.map((d) => resolve(d)), out, { png: !v["no-png"] }));
  warnWidened(rows, io);
  await printTable(rows, v, io);
  io.out(`${plan.base.scenario.name}: merged ${plan.points.length} points from ${dirs.length} folder(s); written to ${out}\n`);
  return 0;
}

function emit(file: string, v: Values, seed: number | undefined, io: Io): number {
  const kind = v.emit as Launcher;
  if (!LAUNCHERS.includes(kind)) throw new UsageError(shardMessage.badLauncher(String(v.emit), LAUNCHERS));
  if (v.shards === undefined) throw new UsageError(shardMessage.emitWithoutShards());
  const plan = planSweep(openScenario(file, { settings: v.set }));
  const shards = optionValue("shards", v.shards, wholeNumber(1, plan.points.length));
  const maxParallel = v["max-parallel"] === undefined ? shards : optionValue("max-parallel", v["max-parallel"], wholeNumber(1, shards));
  const name = plan.base.scenario.name;
  const args = [...v.set.flatMap((s) => ["--set", s]), ...(seed !== undefined ? ["--seed", String(seed)] : []), ...(v["no-png"] ? ["--no-png"] : []), ...(v["point-charts"] !== "all" ? ["--point-charts", v["point-charts"]] : [])];
  io.out(launcherText(kind, {
    name,
    file: resolve(file),
    out: resolve(v.out ?? join("results", `${name}-sweep`)),
    cwd: process.cwd(),
    shards,
    maxParallel,
    workers: v.workers === undefined ? 1 : optionValue("workers", v.workers, wholeNumber(1, 256)),
    args,
    ...(v.command !== undefined ? { command: v.command } : {}),
  }));
  return 0;
}
