/** `p2psim run`: run scenarios and write their results folders. */
import { resolve, join } from "node:path";
import { UsageError } from "../messages.js";
import { DEFAULT_SCENARIO, defaultWorkers, openScenario, runParallel } from "../run/library.js";
import { writeResults } from "../report/write-results.js";
import { formatTable } from "./format.js";
import { optionValue, parseOptions, wholeNumber, type OptionSpec } from "./options.js";
import { progressLines } from "./progress.js";
import { runLimits } from "./limits.js";
import { prepareOutput, writeError } from "./out-dir.js";
import type { Command, Io } from "./command.js";
import type { Summary } from "../report/types.js";

const OPTIONS = {
  out: { type: "string" },
  seed: { type: "string" },
  workers: { type: "string" },
  set: { type: "string", multiple: true, default: [] },
  "no-png": { type: "boolean", default: false },
  quiet: { type: "boolean", short: "q", default: false },
  "max-wall": { type: "string" },
  "max-sim-time": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies OptionSpec;

const HELP = `p2psim run: run scenarios and write their results

Usage: p2psim run [FILE...] [--out DIR] [--seed N] [--workers N] [--set path=value]...
                  [--no-png] [--quiet] [--max-wall TIME] [--max-sim-time TIME]

Runs every variant of each scenario (its \`compare:\` list) on the same topology and workloads,
prints a summary and writes results/<name>/ (or DIR; with several files, DIR/<name>/):
summary.json, flows.csv, links.csv, latency.csv, charts/ (vega-lite, SVG, PNG) and report.html.
Without FILE it runs the built-in default scenario. A failed run leaves no half-written folder.

Options:
  --out DIR            where to write (default results/<scenario name>)
  --seed N             override the scenario's seed
  --workers N          threads for the distinct variants side by side (default: all cores;
                       SLURM_CPUS_PER_TASK under Slurm); results are identical whatever N is
  --set PATH=VALUE     change a field before validation, e.g. --set workloads.0.io=4KiB
                       (repeatable; VALUE is read as YAML: numbers, booleans, strings, lists)
  --no-png             skip PNG rendering (SVG and vega-lite specs are still written)
  -q, --quiet          no progress lines on stderr (by default one every 5 s: simulated
                       time, % done, time left), even when stderr is not a terminal
  --max-wall TIME      stop (exit 2, nothing written) once the run has taken TIME, e.g. 600s
  --max-sim-time TIME  stop (exit 2, nothing written) if work is left at simulated TIME, e.g. 50ms
  -h, --help           this text

Examples:
  p2psim run
  p2psim run scenarios/nvmeof-target.yaml --out /tmp/nvmeof
  p2psim run scenarios/default.yaml --set workloads.0.io=16KiB --set compare=[p2p]
`;

/** One line per variant and flow: what a user wants to see first. */
export function summaryTable(summary: Summary): string {
  const rows = summary.variants.flatMap((v) =>
    v.flows.map((f) => [
      v.path,
      f.flow,
      f.supported ? f.throughputGBps.toFixed(3) : "unsupported",
      f.supported ? (f.latencyNs.p99 / 1000).toFixed(1) : "-",
      f.kernel.mapType,
      f.route,
    ]),
  );
  return formatTable(["variant", "flow", "GB/s", "p99 us", "kernel", "route"], rows);
}

/** What the run assumed and capped, one line each (empty when nothing was). */
export function summaryNotes(summary: Summary): string {
  const lines = [
    ...(summary.assumptions ?? []).map((a) => `assumed: ${a}`),
    ...summary.variants.flatMap((v) => v.flows.flatMap((f) => (f.warnings ?? []).map((w) => `warning: ${v.path} ${f.flow}: ${w}`))),
  ];
  return lines.length > 0 ? `\n${lines.join("\n")}\n` : "";
}

export const runCommand: Command = {
  name: "run",
  summary: "run scenarios and write results (summary, CSVs, charts, report)",
  async run(argv: readonly string[], io: Io): Promise<number> {
    const { values: v, positionals } = parseOptions(argv, OPTIONS, true);
    if (v.help) {
      io.out(HELP);
      return 0;
    }
    const files = positionals.length > 0 ? positionals : [DEFAULT_SCENARIO];
    const seed = v.seed === undefined ? undefined : optionValue("seed", v.seed, wholeNumber(0, 2 ** 31 - 1));
    const limits = runLimits(v["max-wall"], v["max-sim-time"]);
    const startedAtMs = Date.now();
    const workers = v.workers === undefined ? defaultWorkers() : optionValue("workers", v.workers, wholeNumber(1, 256));
    // Validate every file before running any.
    const loaded = files.map((file) => openScenario(file, { settings: v.set }));
    const names = loaded.map((l) => l.scenario.name);
    if (new Set(names).size !== names.length && v.out !== undefined) throw new UsageError(`--out: two scenarios are named alike (${names.join(", ")}); give them distinct names`);
    const outOf = (name: string) => (v.out === undefined ? resolve("results", name) : files.length > 1 ? join(v.out, name) : resolve(v.out));
    prepareOutput(names.map(outOf), io.err);
    for (const scenario of loaded) {
      const out = outOf(scenario.scenario.name);
      const watch = { ...limits, startedAtMs, ...progressLines(scenario.scenario.name, io.err, v.quiet) };
      const artifacts = await runParallel(scenario, { workers, ...(seed !== undefined ? { seed } : {}), watch });
      await writeResults(out, artifacts, { png: !v["no-png"] }).catch((error: unknown) => {
        throw writeError(error, out);
      });
      io.out(`${scenario.scenario.name}: ${scenario.scenario.description}\n\n${summaryTable(artifacts.summary)}\n${summaryNotes(artifacts.summary)}\nwritten to ${out}\n`);
    }
    return 0;
  },
};
