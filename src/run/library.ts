/**
 * The library's verbs, as notebooks and scripts use them (`import { openScenario, run } from
 * "p2psim"`): open a scenario from a file, YAML text or an object, override fields with typed
 * values, run it, sweep it. Everything the CLI does goes through these or the functions they call.
 */
import { join } from "node:path";
import { applyOverrides, applySettings, BUILT_IN_SCENARIOS, parseScenarioText, readScenarioData, scenarioFromData, withPresets, type LoadedScenario } from "../scenario/load.js";
import { p2pMatrix, topologyTree, type P2pMatrix } from "../kernel/index.js";
import type { RunArtifacts, SweepPoint } from "../report/types.js";
import { runScenario, runScenarioOnPool } from "./scenario.js";
import type { WatchOptions } from "./watch.js";
import { planSweep, runSweep } from "./sweep.js";
import { defaultWorkers, startWorkers } from "./worker-pool.js";
import { packageVersion } from "../package-root.js";
import type { TraceOptions } from "./trace.js";

export { defaultWorkers };

/** The built-in default scenario (the quick start's): a NIC writing into an NVMe SSD under one Gen4 switch. */
export const DEFAULT_SCENARIO = join(BUILT_IN_SCENARIOS, "default.yaml");

/** Edits applied when a scenario is opened. */
export interface ScenarioOptions {
  /** `path=value` edits, as `--set` takes them (values read as YAML). Applied first. */
  settings?: readonly string[];
  /** Field path -> typed value, e.g. `{ "workloads.0.io": "16KiB", compare: ["p2p"] }`. Applied after `settings`. */
  overrides?: Readonly<Record<string, unknown>>;
}

function finish(raw: Record<string, unknown>, where: string, options: ScenarioOptions): LoadedScenario {
  let data = raw;
  if (options.settings !== undefined && options.settings.length > 0) data = applySettings(data, options.settings, `${where}: --set`);
  if (options.overrides !== undefined) data = applyOverrides(data, options.overrides, `${where}: overrides`);
  const overrides = [...(options.settings ?? []), ...Object.entries(options.overrides ?? {}).map(([path, value]) => `${path}=${JSON.stringify(value)}`)];
  return { ...scenarioFromData(data, where), overrides };
}

/**
 * Opens a scenario file (YAML or JSON), with its preset and any edits, validated.
 * Throws a `UsageError` naming the file, the field and what is allowed.
 * @param file default: the built-in default scenario
 * @example const s = openScenario("scenarios/nvmeof-target.yaml", { overrides: { "workloads.0.io": "16KiB" } })
 */
export function openScenario(file: string = DEFAULT_SCENARIO, options: ScenarioOptions = {}): LoadedScenario {
  return finish(readScenarioData(file), file, options);
}

/**
 * A scenario from YAML or JSON text. Presets (`extends:`) are looked for in `dir` (default the
 * working folder), then among the built-in scenarios.
 * @example const s = parseScenario("name: t\nextends: platforms/intel-icx.yaml\nfabric: [...]\nworkloads: [...]")
 */
export function parseScenario(text: string, options: ScenarioOptions & { dir?: string; where?: string } = {}): LoadedScenario {
  const where = options.where ?? "(scenario text)";
  return finish(parseScenarioText(text, where, options.dir ?? process.cwd()), where, options);
}

/**
 * A scenario from plain data (what the YAML would parse to). Presets as for `parseScenario`.
 * @example const s = scenarioFromObject({ name: "t", extends: "platforms/intel-icx.yaml", fabric, workloads })
 */
export function scenarioFromObject(data: Readonly<Record<string, unknown>>, options: ScenarioOptions & { dir?: string; where?: string } = {}): LoadedScenario {
  const where = options.where ?? "(scenario object)";
  return finish(withPresets(structuredClone(data) as Record<string, unknown>, where, options.dir ?? process.cwd()), where, options);
}

/**
 * The same scenario with fields set to typed values, validated again.
 * @example const fast = withOverrides(s, { "fabric.2.link": "gen5x16" })
 */
export function withOverrides(scenario: LoadedScenario, overrides: Readonly<Record<string, unknown>>): LoadedScenario {
  const next = finish(scenario.raw, scenario.file, { overrides });
  return { ...next, overrides: [...(scenario.overrides ?? []), ...(next.overrides ?? [])] };
}

export interface RunOptions {
  /** Override the scenario's seed (default: the scenario's `seed`, 1 if it has none). */
  seed?: number;
  /** Called after each variant with how many are done and how many in all. */
  onVariant?: (done: number, total: number) => void;
  /** Progress reports every few seconds, a wall-clock and a simulated-time limit (see src/run/watch.ts). */
  watch?: WatchOptions;
  /** Time-series window, ps (default: the scenario's `window:`, else between 64 and 128 windows per run). */
  windowPs?: number;
  /** Trace the run's TLPs (the artifacts' `trace`, Chrome/Perfetto trace events). */
  trace?: TraceOptions;
}

/**
 * Runs every variant of the scenario (its `compare:` list): the summary (the output contract,
 * src/contract.ts), every I/O's latency, and each flow's analytic ceiling. Deterministic: the same
 * scenario and seed give the same result on any machine.
 * @example const { summary } = run(openScenario()); summary.variants[0].flows[0].throughputGBps
 */
export function run(scenario: LoadedScenario, options: RunOptions = {}): RunArtifacts {
  return runScenario(scenario, options);
}

export interface RunParallelOptions extends RunOptions {
  /** Threads: this one and `workers - 1` worker threads (default: the machine's cores, or SLURM_CPUS_PER_TASK under Slurm). */
  workers?: number;
}

/**
 * `run`, with the scenario's distinct variants side by side on worker threads (a variant that
 * plans exactly like an earlier one, as `auto` often does, is not run again). The same artifacts
 * as `run`, byte for byte, whatever `workers` is.
 * @example const { summary } = await runParallel(openScenario(), { workers: 2 })
 */
export async function runParallel(scenario: LoadedScenario, options: RunParallelOptions = {}): Promise<RunArtifacts> {
  const workers = Math.max(1, Math.min(options.workers ?? defaultWorkers(), scenario.variants.length));
  const pool = startWorkers(workers - 1, "variant");
  try {
    return await runScenarioOnPool(scenario, pool, options);
  } finally {
    await pool.close();
  }
}

export interface SweepOptions {
  /** Points run at once: this thread and `workers - 1` worker threads (default: the machine's cores). */
  workers?: number;
  /** Override the scenario's seed at every point. */
  seed?: number;
  /** Called after each point with how many are done and how many in all. */
  onPoint?: (done: number, total: number) => void;
}

/**
 * Runs the scenario at every point of its `sweep:` axes (every point is validated first); one row
 * per point in point order, identical whatever `workers` is. Nothing is written; see
 * `sweepToFolder` for a results folder and `sweepRows` / `sweepCharts` for tables and charts.
 * @example const points = await sweep(openScenario("scenarios/iotlb-study.yaml"), { workers: 2 })
 */
export async function sweep(scenario: LoadedScenario, options: SweepOptions = {}): Promise<SweepPoint[]> {
  const plan = planSweep(scenario);
  const workers = Math.max(1, options.workers ?? defaultWorkers());
  const pool = startWorkers(workers - 1);
  try {
    return await runSweep(plan, { pool, ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.onPoint ? { onPoint: options.onPoint } : {}) });
  } finally {
    await pool.close();
  }
}

/**
 * What Linux would decide for every ordered pair of the scenario's endpoints (map type, distance,
 * nvidia-smi class, reason, warning), as `p2psim topo` prints it.
 * @example kernelMatrix(openScenario()).decisions
 */
export function kernelMatrix(scenario: LoadedScenario): P2pMatrix {
  return p2pMatrix(topologyTree(scenario.topology));
}

/** This package's version (package.json). */
export const version = packageVersion;
