/**
 * `p2psim sweep`: argv -> src/run/sweep.ts -> print. Every point of the scenario's `sweep:` axes,
 * in parallel on worker threads; output byte-identical whatever the number of workers.
 */
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { UsageError } from "../messages.js";
import { openScenario } from "../run/library.js";
import { planSweep, sweepToFolder } from "../run/sweep.js";
import { startWorkers, type WorkerPool } from "../run/worker-pool.js";
import { optionValue, parseOptions, wholeNumber, type OptionSpec } from "./options.js";
import { progressBar } from "./progress.js";
import { prepareOutput, writeError } from "./out-dir.js";
import type { Command, Io } from "./command.js";

const OPTIONS = {
  out: { type: "string" },
  workers: { type: "string" },
  seed: { type: "string" },
  set: { type: "string", multiple: true, default: [] },
  "no-png": { type: "boolean", default: false },
  quiet: { type: "boolean", short: "q", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies OptionSpec;

const HELP = `p2psim sweep: run a scenario over its sweep axes, in parallel

Usage: p2psim sweep FILE [--out DIR] [--workers N] [--seed N] [--set path=value]... [--no-png] [--quiet]

The scenario's \`sweep:\` block maps field paths to lists of values or ranges
({ from: 4KiB, to: 1MiB, factor: 2 } or { from: 1, to: 64, step: 1 }); every combination runs,
each with every variant of \`compare:\`. Writes DIR (default results/<name>-sweep): sweep.csv (one
row per point, variant and flow, axis values first), charts/ (each metric against the first axis,
one line per variant, the analytic ceiling where one applies) and points/NNNNN/ (a full results
folder per point). Results are identical whatever --workers is.

Options:
  --out DIR          where to write (default results/<scenario name>-sweep)
  --workers N        points run at once: this thread and N-1 worker threads (default: all cores)
  --seed N           override the scenario's seed
  --set PATH=VALUE   change a field of every point (repeatable)
  --no-png           skip PNG rendering
  -q, --quiet        no progress on stderr (by default a bar on a terminal, else a line every 5 s)
  -h, --help         this text

Examples:
  p2psim sweep scenarios/iotlb-study.yaml
  p2psim sweep scenarios/default.yaml --set 'sweep={workloads.0.io: [4KiB, 64KiB, 1MiB]}' --workers 2
`;

interface SweepOptions {
  set: string[];
  quiet: boolean;
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
    const pool = startWorkers(workers - 1);
    try {
      return await sweep(positionals[0]!, v, seed, pool, io);
    } finally {
      await pool.close();
    }
  },
};

async function sweep(file: string, v: SweepOptions, seed: number | undefined, pool: WorkerPool, io: Io): Promise<number> {
  const plan = planSweep(openScenario(file, { settings: v.set }));
  const out = resolve(v.out ?? join("results", `${plan.base.scenario.name}-sweep`));
  prepareOutput([out], io.err);
  const bar = progressBar(`${plan.base.scenario.name} sweep`, plan.points.length, v.quiet);
  await sweepToFolder(plan, out, { pool, png: !v["no-png"], onPoint: (n) => bar.update(n), ...(seed !== undefined ? { seed } : {}) }).catch((error: unknown) => {
    throw writeError(error, out);
  });
  bar.stop();
  io.out(`${plan.base.scenario.name}: ${plan.points.length} points x ${plan.base.variants.length} variants on ${pool.workers.length + 1} worker(s); written to ${out}\n`);
  return 0;
}
