/**
 * Loading a scenario: read the YAML (or JSON) file, lay it over its preset (`extends:`, found
 * next to the file or among the built-in scenarios), apply `--set path=value` edits, validate with
 * the schema and the cross-field checks, and convert to the model. Every problem is reported as
 * `FILE: field.path: what is wrong` (all of them, one per line), never as a stack trace.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { packageRoot } from "../package-root.js";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { UsageError } from "../messages.js";
import type { Topology } from "../fabric/topology.js";
import type { VariantSpec, WorkloadSpec } from "../workload/workload.js";
import { Scenario } from "./scenario-schema.js";
import { crossFieldProblems } from "./checks.js";
import { cloneData, mergeScenario, setPath } from "./merge.js";
import { toTopologyWithAssumptions, toVariants, toWorkloads } from "./to-model.js";

/** The built-in scenarios folder (presets live in its `platforms/`). */
export const BUILT_IN_SCENARIOS = join(packageRoot(), "scenarios");

export interface LoadedScenario {
  file: string;
  /** The merged file before validation (sweeps edit this and validate again). */
  raw: Record<string, unknown>;
  scenario: Scenario;
  topology: Topology;
  workloads: WorkloadSpec[];
  variants: VariantSpec[];
  /** What device kinds filled in that the file did not say (reported in the summary). */
  assumptions: string[];
  /** The edits applied on top of the file, as `path=value` (`--set`, library overrides as JSON values). */
  overrides?: string[];
}

/** Reads and merges `file` with its presets; the raw data, not yet validated. */
export function readScenarioData(file: string, seen: string[] = []): Record<string, unknown> {
  const path = resolve(file);
  if (seen.includes(path)) throw new UsageError(`${file}: extends: '${file}' extends itself (through ${seen.join(" -> ")})`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return parseScenarioText(text, file, dirname(path), [...seen, path]);
}

/**
 * Parses scenario text (YAML or JSON) and merges it with its presets, found next to `dir` or among
 * the built-in scenarios; `where` names it in messages. The raw data, not yet validated.
 */
export function parseScenarioText(text: string, where: string, dir: string, seen: string[] = []): Record<string, unknown> {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0];
      const what = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      throw new UsageError(`${where}:${line ? `${line.line}:${line.col}` : ""} not valid YAML or JSON: ${what}`);
    }
    throw error;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new UsageError(`${where}: the file must hold a mapping (name:, fabric:, workloads:, ...)`);
  return withPresets(data as Record<string, unknown>, where, dir, seen);
}

/** Lays scenario data over its preset (`extends:`), recursively; `dir` is where relative presets are looked for first. */
export function withPresets(own: Record<string, unknown>, where: string, dir: string, seen: string[] = []): Record<string, unknown> {
  const parent = own.extends;
  if (parent === undefined) return own;
  if (typeof parent !== "string") throw new UsageError(`${where}: extends: must be a file name, e.g. platforms/intel-skx.yaml`);
  const candidates = [resolve(dir, parent), resolve(BUILT_IN_SCENARIOS, parent)];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined) throw new UsageError(`${where}: extends: '${parent}' not found next to the file or among the built-in scenarios`);
  const base = readScenarioData(found, seen);
  return mergeScenario(base, own) as Record<string, unknown>;
}

/** Applies `path=value` edits (values read as YAML scalars: numbers, booleans, strings, lists). */
export function applySettings(raw: Record<string, unknown>, settings: readonly string[], where: string): Record<string, unknown> {
  const out = cloneData(raw);
  for (const setting of settings) {
    const eq = setting.indexOf("=");
    if (eq <= 0) throw new UsageError(`${where}: '${setting}' is not path=value (e.g. workloads.0.io=4KiB)`);
    const path = setting.slice(0, eq).trim();
    const value = parseYaml(setting.slice(eq + 1)) as unknown;
    if (!setPath(out, path, value)) throw new UsageError(`${where}: '${path}' does not lead to a field of the scenario`);
  }
  return out;
}

/**
 * Sets fields to typed values (`{ "workloads.0.io": "16KiB", "compare": ["p2p"] }`), the library's
 * form of `--set`; values are taken as given, not read as YAML.
 */
export function applyOverrides(raw: Record<string, unknown>, overrides: Readonly<Record<string, unknown>>, where: string): Record<string, unknown> {
  const out = cloneData(raw);
  for (const [path, value] of Object.entries(overrides)) {
    if (!setPath(out, path, cloneData(value))) throw new UsageError(`${where}: '${path}' does not lead to a field of the scenario`);
  }
  return out;
}

/** Validates merged data and converts it; `file` names the source in messages. */
export function scenarioFromData(raw: Record<string, unknown>, file: string): LoadedScenario {
  const { extends: _preset, ...data } = raw;
  const parsed = Scenario.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${file}: ${issue.path.length > 0 ? issue.path.join(".") : "(top level)"}: ${issue.message}`);
    throw new UsageError(lines.join("\n"));
  }
  const scenario = parsed.data;
  const problems = crossFieldProblems(scenario);
  if (problems.length > 0) throw new UsageError(problems.map((p) => `${file}: ${p.path}: ${p.message}`).join("\n"));
  const { topology, assumptions } = toTopologyWithAssumptions(scenario);
  return { file, raw, scenario, topology, workloads: toWorkloads(scenario), variants: toVariants(scenario), assumptions };
}

/** Reads, merges, edits and validates a scenario file. */
export function loadScenario(file: string, settings: readonly string[] = []): LoadedScenario {
  const raw = applySettings(readScenarioData(file), settings, `${file}: --set`);
  return { ...scenarioFromData(raw, file), overrides: [...settings] };
}
