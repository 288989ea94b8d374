/** `p2psim run`: run scenarios and write their results folders. */
import { writeFile } from "node:fs/promises";
import { resolve, join } from "node:path";
import { UsageError, message } from "../messages.js";
import { defaultWorkers, startWorkers } from "../run/worker-pool.js";
import { formatTable } from "./format.js";
import { oneOfStrings, optionValue, parseOptions, seedNumber, wholeNumber, type OptionSpec } from "./options.js";
import { parseTime } from "../scenario/quantity.js";
import { kernelCell, textReport, type TextFormat } from "../report/text-report.js";
import { traceJson } from "../report/trace-json.js";
import { DEFAULT_TRACE_EVENTS, type TraceOptions } from "../run/trace.js";
import { MAX_GIVEN_WINDOWS } from "../run/sampler.js";
import type { LoadedScenario } from "../scenario/load.js";
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
  format: { type: "string", default: "table" },
  window: { type: "string" },
  trace: { type: "string" },
  "trace-from": { type: "string" },
  "trace-to": { type: "string" },
  "trace-events": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies OptionSpec;

const HELP = `p2psim run: run scenarios and write their results

Usage: p2psim run [FILE...] [--out DIR] [--seed N] [--workers N] [--set path=value]...
                  [--no-png] [--quiet] [--max-wall TIME] [--max-sim-time TIME]
                  [--format table|text|markdown] [--window TIME] [--trace FILE]

Runs every variant of each scenario (its \`compare:\` list) on the same topology and workloads,
prints a summary and writes results/<name>/ (or DIR; with several files, DIR/<name>/):
summary.json, flows.csv, links.csv, resources.csv, devices.csv, timeseries.csv, latency.csv,
report.txt, report.md, charts/ (vega-lite, SVG, PNG) and report.html. With --set (or --seed) the
folder is results/<name>-<digest>/, so it never replaces the plain run's. Without FILE it runs
the built-in default scenario. A failed run leaves no half-written folder.

Options:
  --out DIR            where to write (default results/<scenario name>)
  --seed N             override the scenario's seed: a whole number from -(2^53 - 1) to
                       2^53 - 1, as the scenario's seed: takes
  --workers N          threads for the distinct variants side by side (default: all cores;
                       SLURM_CPUS_PER_TASK under Slurm); results are identical whatever N is
  --set PATH=VALUE     change a field before validation, e.g. --set workloads.0.io=4KiB
                       (repeatable; VALUE is read as YAML: numbers, booleans, strings, lists)
  --no-png             skip PNG rendering (SVG and vega-lite specs are still written)
  -q, --quiet          no progress lines on stderr (by default one every 5 s: simulated
                       time, % done, time left), even when stderr is not a terminal
  --max-wall TIME      stop (exit 2, nothing written) once the run has taken TIME, e.g. 600s
  --max-sim-time TIME  stop (exit 2, nothing written) if work is left at simulated TIME, e.g. 50ms
  --format F           what to print: table (default), text (a report of at most 72
                       columns, for mailing lists) or markdown (for issue trackers)
  --window TIME        time-series window, e.g. 100us (default: 64 to 128 windows a run); one
                       that would cut a run into more than ${MAX_GIVEN_WINDOWS} windows is doubled until it
                       fits, with a warning on stderr saying the window used
  --trace FILE         write the run's TLPs as Chrome/Perfetto trace-event JSON
  --trace-from TIME    trace only from this simulated time (default 0)
  --trace-to TIME      trace only up to this simulated time (default: the end); later than
                       --trace-from
  --trace-events N     most events per variant in the trace (default ${DEFAULT_TRACE_EVENTS})
  -h, --help           this text

Examples:
  p2psim run
  p2psim run scenarios/nvmeof-target.yaml --out /tmp/nvmeof
  p2psim run scenarios/default.yaml --set workloads.0.io=16KiB --set compare=[p2p]
`;

/**
 * One line per variant and flow: what a user wants to see first. Linux's map type only on P2P
 * rows (a bounce is not mapped peer to peer); the bottleneck with its utilization over the flow's
 * active time; then what each device moved in all its flows together.
 */
export function summaryTable(summary: Summary): string {
  const rows = summary.variants.flatMap((v) =>
    v.flows.map((f) => [
      v.path,
      f.flow,
      f.supported ? f.throughputGBps.toFixed(3) : "unsupported",
      f.supported ? (f.latencyNs.p99 / 1000).toFixed(1) : "-",
      kernelCell(f),
      f.bottleneck ? `${f.bottleneck.resource} ${(100 * f.bottleneck.utilization).toFixed(1)}%` : "-",
      f.route,
    ]),
  );
  const flows = formatTable(["variant", "flow", "GB/s", "p99 us", "kernel", "bottleneck", "route"], rows);
  const devices = summary.variants.flatMap((v) => (v.devices ?? []).map((d) => [v.path, d.device, d.outGBps.toFixed(3), d.inGBps.toFixed(3), d.flows.join(", ")]));
  return devices.length === 0 ? flows : `${flows}\n\n${formatTable(["variant", "device", "out GB/s", "in GB/s", "flows"], devices)}`;
}

/** results/<name>, or results/<name>-<digest> when the run was edited (--set, --seed) so it never replaces the plain run. */
export function defaultFolder(scenario: LoadedScenario, digest: string, seedGiven: boolean): string {
  const edited = (scenario.overrides ?? []).length > 0 || seedGiven;
  return resolve("results", edited ? `${scenario.scenario.name}-${digest.slice(0, 8)}` : scenario.scenario.name);
}

/** The headline of a run: its name, description and the edits that made it. */
export function runTitle(summary: Summary): string {
  const edits = summary.provenance?.overrides ?? [];
  const seed = summary.provenance && summary.provenance.command.includes("--seed") ? [`--seed ${summary.seed}`] : [];
  const made = [...seed, ...edits.map((e) => `--set ${e}`)];
  return `${summary.scenario}${made.length > 0 ? ` (${made.join(" ")})` : ""}: ${summary.description ?? ""}`.trimEnd();
}

/** What the run assumed and capped, one line each (empty when nothing was). */
export function summaryNotes(summary: Summary): string {
  const lines = [
    ...(summary.assumptions ?? []).map((a) => `assumed: ${a}`),
    ...summary.variants.flatMap((v) => v.flows.flatMap((f) => (f.warnings ?? []).map((w) => `warning: ${v.path} ${f.flow}: ${w}`))),
  ];
  return lines.length > 0 ? `\n${lines.join("\n")}\n` : "";
}

/**
 * The warning when a run used a wider window than `--window` asked for (a run is cut into at most
 * MAX_GIVEN_WINDOWS windows, so the sampler doubles a smaller one): the width used per variant,
 * once when all agree. Empty when every variant used the window asked for.
 */
export function windowWarning(summary: Summary, asked: string, askedPs: number): string {
  const widened = summary.variants.filter((v) => v.windowNs !== undefined && Math.round(v.windowNs * 1000) !== askedPs);
  if (widened.length === 0) return "";
  const widths = new Set(widened.map((v) => v.windowNs));
  const used = widths.size === 1 && widened.length === summary.variants.length ? `${widened[0]!.windowNs}ns` : widened.map((v) => `${v.windowNs}ns for ${v.path}`).join(", ");
  return `${message.windowWidened(asked, MAX_GIVEN_WINDOWS, used)}\n`;
}

function positiveTime(text: string): number {
  const ps = parseTime(text);
  if (ps <= 0) throw new UsageError(message.notPositiveTime(text));
  return ps;
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
    const files = positionals; // none: the built-in default scenario
    const seed = v.seed === undefined ? undefined : optionValue("seed", v.seed, seedNumber);
    const limits = runLimits(v["max-wall"], v["max-sim-time"]);
    const startedAtMs = Date.now();
    const workers = v.workers === undefined ? defaultWorkers() : optionValue("workers", v.workers, wholeNumber(1, 256));
    const format = optionValue("format", v.format, oneOfStrings(["table", "text", "markdown"] as const));
    const windowPs = v.window === undefined ? undefined : optionValue("window", v.window, positiveTime);
    const trace: TraceOptions | undefined =
      v.trace === undefined
        ? undefined
        : {
            ...(v["trace-from"] !== undefined ? { fromPs: optionValue("trace-from", v["trace-from"], parseTime) } : {}),
            ...(v["trace-to"] !== undefined ? { toPs: optionValue("trace-to", v["trace-to"], parseTime) } : {}),
            ...(v["trace-events"] !== undefined ? { maxEvents: optionValue("trace-events", v["trace-events"], wholeNumber(1, 10_000_000)) } : {}),
          };
    if (trace === undefined) {
      const given = (["trace-from", "trace-to", "trace-events"] as const).find((o) => v[o] !== undefined);
      if (given !== undefined) throw new UsageError(message.needsTrace(given));
    }
    // The trace keeps what starts in [from, to): an empty window would write a trace of nothing.
    if (trace?.toPs !== undefined && (trace.fromPs ?? 0) >= trace.toPs) {
      throw new UsageError(trace.fromPs === undefined ? `--trace-to: ${message.notPositiveTime(v["trace-to"]!)}` : message.traceEmptyWindow(v["trace-from"]!, v["trace-to"]!));
    }
    if (trace !== undefined && files.length > 1) throw new UsageError(message.traceOneFile());
    // The worker threads start first, so that they load the model while this thread loads the
    // scenario reader and reads the files (a second or so of a short run's wall time otherwise
    // spent waiting for the workers at the end); the report's libraries load after the run.
    const pool = startWorkers(Math.max(0, workers - 1), "variant");
    try {
      const [{ DEFAULT_SCENARIO, openScenario }, { provenanceOf }, { runScenarioOnPool }] = await Promise.all([
        import("../run/library.js"),
        import("../run/provenance.js"),
        import("../run/scenario.js"),
      ]);
      const paths = files.length > 0 ? files : [DEFAULT_SCENARIO];
      // Validate every file before running any.
      const loaded = paths.map((file) => openScenario(file, { settings: v.set }));
      await pool.shrink(Math.max(...loaded.map((l) => l.variants.length)) - 1);
      const names = loaded.map((l) => l.scenario.name);
      if (new Set(names).size !== names.length && v.out !== undefined) throw new UsageError(`--out: two scenarios are named alike (${names.join(", ")}); give them distinct names`);
      // A run with --set or another seed gets a folder of its own (its digest), so the plain run's stays.
      const outOf = (scenario: LoadedScenario) => {
        const name = scenario.scenario.name;
        if (v.out !== undefined) return paths.length > 1 ? join(v.out, name) : resolve(v.out);
        const runSeed = seed ?? scenario.scenario.seed;
        return defaultFolder(scenario, provenanceOf(scenario, runSeed).digest, runSeed !== scenario.scenario.seed);
      };
      prepareOutput(loaded.map(outOf), io.err);
      for (const scenario of loaded) {
        const out = outOf(scenario);
        const watch = { ...limits, startedAtMs, ...progressLines(scenario.scenario.name, io.err, v.quiet) };
        // Asked for now, the report's modules load while this thread waits for the workers' last variants.
        const report = import("../report/write-results.js");
        const artifacts = await runScenarioOnPool(scenario, pool, {
          ...(seed !== undefined ? { seed } : {}),
          ...(windowPs !== undefined ? { windowPs } : {}),
          ...(trace !== undefined ? { trace } : {}),
          watch,
        });
        // The window asked for: --window, else the scenario's window: (a sweep's points say it in their windowNs).
        const askedPs = windowPs ?? scenario.scenario.window;
        const asked = v.window !== undefined ? `--window ${v.window}` : `window: ${String(scenario.raw.window)}`;
        const widened = askedPs === undefined ? "" : windowWarning(artifacts.summary, asked, askedPs);
        if (widened !== "") io.err(`p2psim run: ${widened}`);
        const { writeResults } = await report;
        const digest = artifacts.summary.provenance!.digest;
        await writeResults(out, artifacts, { png: !v["no-png"] }).catch((error: unknown) => {
          throw writeError(error, out);
        });
        if (trace !== undefined && v.trace !== undefined) {
          // The run's length is known only now: a window starting past its end keeps nothing.
          const endPs = Math.max(...artifacts.summary.variants.map((variant) => Math.round(variant.simulatedNs * 1000)));
          if (trace.fromPs !== undefined && trace.fromPs >= endPs) io.err(`p2psim run: ${message.traceAfterEnd(v["trace-from"]!, `${(endPs / 1e9).toPrecision(4)} ms`)}\n`);
          const about = { scenario: artifacts.summary.scenario, digest, tool: artifacts.summary.provenance!.tool, simulated: true };
          await writeFile(resolve(v.trace), traceJson(artifacts.trace ?? [], about)).catch((error: NodeJS.ErrnoException) => {
            throw new UsageError(message.cannotWrite("--trace", v.trace!, error.code));
          });
        }
        if (format === "table") io.out(`${runTitle(artifacts.summary)}\n\n${summaryTable(artifacts.summary)}\n${summaryNotes(artifacts.summary)}\nwritten to ${out}\n`);
        else io.out(textReport(artifacts.summary, format as TextFormat));
      }
    } finally {
      await pool.close();
    }
    return 0;
  },
};
