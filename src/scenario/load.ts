/**
 * Loading a scenario: read the YAML (or JSON) file, lay it over its preset (`extends:`, found
 * next to the file or among the built-in scenarios), apply `--set path=value` edits, validate with
 * the schema, the reference checks and the value checks, and convert to the model. Every problem
 * of a file is reported at once as `FILE:LINE: field.path: what is wrong; what is allowed` (one
 * per line, the line from the YAML's source map), as a `ScenarioError`, never as a stack trace.
 */
import { existsSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { packageRoot } from "../package-root.js";
import { printable, quoted, UsageError } from "../messages.js";
import type { Topology } from "../fabric/topology.js";
import type { VariantSpec, WorkloadSpec } from "../workload/workload.js";
import { Scenario } from "./scenario-schema.js";
import { referenceProblems, valueProblems } from "./checks.js";
import { issueProblems } from "./issues.js";
import { LIMITS, limitValue } from "./limits.js";
import { scenarioMessage } from "./messages.js";
import { ScenarioError, throwProblems, type FieldProblem, type SourceLines } from "./problems.js";
import { FORBIDDEN_KEYS, parseScenarioSource, plainDataProblems, readScenarioText } from "./source.js";
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

/** Where each raw scenario's fields are in its file (kept beside the data, through `--set` edits and sweep points). */
const SOURCES = new WeakMap<object, SourceLines>();

/** Keeps `from`'s lines for `to`, except under `edited` paths, whose values no longer come from the file. */
function keepSource<T extends object>(from: object, to: T, edited: readonly string[]): T {
  const lines = SOURCES.get(from);
  if (lines === undefined) return to;
  const fromFile = (path: string) => !edited.some((e) => path === e || path.startsWith(`${e}.`));
  SOURCES.set(to, { lineOf: (path) => (fromFile(path) ? lines.lineOf(path) : undefined) });
  return to;
}

/** Reads and merges `file` with its presets; the raw data, not yet validated. */
export function readScenarioData(file: string, seen: string[] = []): Record<string, unknown> {
  const path = resolve(file);
  return parseScenarioText(readScenarioText(path, file), file, dirname(path), [...seen, path]);
}

/**
 * Parses scenario text (YAML or JSON) and merges it with its presets, found next to `dir` or among
 * the built-in scenarios; `where` names it in messages. The raw data, not yet validated.
 */
export function parseScenarioText(text: string, where: string, dir: string, seen: string[] = []): Record<string, unknown> {
  const { data, lines } = parseScenarioSource(text, where);
  if (typeof data !== "object" || data === null || Array.isArray(data)) throwProblems(where, [{ path: "", message: scenarioMessage.notMapping(data) }]);
  const merged = withPresets(data as Record<string, unknown>, where, dir, seen, lines);
  SOURCES.set(merged, lines);
  return merged;
}

/** Is `path` inside folder `root` (after following links)? */
function inside(root: string, path: string): boolean {
  try {
    const real = realpathSync(path);
    const base = realpathSync(root);
    return real === base || real.startsWith(base.endsWith(sep) ? base : base + sep);
  } catch {
    return false;
  }
}

/**
 * Lays scenario data over its preset (`extends:`), recursively. A preset is a regular file under
 * `dir` (the scenario's folder) or under the built-in scenarios, nothing else on the machine;
 * every problem with it names `extends`. Every field but `name` is inherited: the name, which
 * names the results folder, is the scenario's own.
 */
export function withPresets(own: Record<string, unknown>, where: string, dir: string, seen: string[] = [], lines?: SourceLines): Record<string, unknown> {
  // Text was checked key by key as it was parsed; data given directly is checked here.
  if (lines === undefined) throwProblems(where, plainDataProblems(own));
  const parent = own.extends;
  if (parent === undefined) return own;
  const fail = (message: string): never => throwProblems(where, [{ path: "extends", message }], lines) as never;
  if (typeof parent !== "string" || parent.trim() === "") return fail(scenarioMessage.extendsNotText(parent));
  if (seen.length > LIMITS.extendsDepth.value) return fail(scenarioMessage.extendsTooDeep());
  const roots = [dir, BUILT_IN_SCENARIOS];
  const places = ["the scenario's folder", "the built-in scenarios"];
  const candidates = roots.map((root) => resolve(root, parent));
  const allowed = candidates.filter((c, i) => existsSync(c) && inside(roots[i]!, c));
  if (allowed.length === 0) {
    if (candidates.some((c) => existsSync(c))) return fail(scenarioMessage.extendsOutside(parent, places));
    return fail(scenarioMessage.extendsNotFound(parent, places));
  }
  const found = allowed[0]!;
  if (seen.includes(resolve(found))) return fail(scenarioMessage.extendsCycle([...seen, resolve(found)].map((f) => basename(f))));
  let base: Record<string, unknown>;
  try {
    base = readScenarioData(found, seen);
  } catch (error) {
    // The preset's own problems carry its name; a file that cannot be read at all is this file's `extends` problem.
    if (error instanceof ScenarioError && error.problems.every((p) => p.path === "" && p.line === undefined && p.file === found)) {
      return fail(`${quoted(parent)} ${error.problems.map((p) => p.message).join("; ")}`);
    }
    throw error;
  }
  const merged = mergeScenario(base, own) as Record<string, unknown>;
  // The name is the file's own: a preset's would send results to the preset's folder (results/intel-icx/).
  if (!("name" in own)) delete merged.name;
  return merged;
}

/** Applies `path=value` edits (values read as YAML scalars: numbers, booleans, strings, lists). */
export function applySettings(raw: Record<string, unknown>, settings: readonly string[], where: string): Record<string, unknown> {
  const out = keepSource(raw, cloneData(raw), settings.map((s) => s.slice(0, Math.max(0, s.indexOf("="))).trim()));
  for (const setting of settings) {
    const eq = setting.indexOf("=");
    if (eq <= 0) throw new UsageError(`${where}: ${quoted(setting)} is not path=value (e.g. workloads.0.io=4KiB)`);
    const path = setting.slice(0, eq).trim();
    const value = parseScenarioSource(setting.slice(eq + 1), `${where} ${path}`).data;
    setField(out, path, value, where);
  }
  return out;
}

/**
 * Sets fields to typed values (`{ "workloads.0.io": "16KiB", "compare": ["p2p"] }`), the library's
 * form of `--set`; values are taken as given, not read as YAML.
 */
export function applyOverrides(raw: Record<string, unknown>, overrides: Readonly<Record<string, unknown>>, where: string): Record<string, unknown> {
  const out = keepSource(raw, cloneData(raw), Object.keys(overrides));
  for (const [path, value] of Object.entries(overrides)) {
    throwProblems(`${where} ${path}`, plainDataProblems(value));
    setField(out, path, cloneData(value), where);
  }
  return out;
}

function setField(out: Record<string, unknown>, path: string, value: unknown, where: string): void {
  if (path.split(".")[0] === "extends") throw new UsageError(`${where}: ${quoted(path)}: ${scenarioMessage.extendsInSet()}`);
  const bad = path.split(".").find((segment) => FORBIDDEN_KEYS.has(segment) || segment === "");
  if (bad !== undefined) throw new UsageError(`${where}: ${quoted(path)}: ${bad === "" ? "a path has no empty segments; write fields with dots, e.g. workloads.0.io" : scenarioMessage.forbiddenKey(bad)}`);
  if (!setPath(out, path, value)) throw new UsageError(`${where}: ${quoted(path)} does not lead to a field of the scenario${pathHint(out, path)}`);
}

/** Where a path stops leading anywhere, and what is there instead. */
function pathHint(data: unknown, path: string): string {
  let node = data;
  const done: string[] = [];
  for (const segment of path.split(".")) {
    if (Array.isArray(node)) {
      const index = Number(segment);
      if (!Number.isInteger(index) || index < 0 || index >= node.length) return ` (${quoted(done.join("."))} has ${node.length} ${node.length === 1 ? "entry" : "entries"}, numbered from 0)`;
      node = node[index];
    } else if (typeof node === "object" && node !== null) {
      node = (node as Record<string, unknown>)[segment];
    } else {
      return ` (${quoted(done.join("."))} is ${printable(JSON.stringify(node))}, which has no fields)`;
    }
    done.push(segment);
  }
  return "";
}

/** Validates merged data and converts it; `file` names the source in messages. Every problem of the file at once. */
export function scenarioFromData(raw: Record<string, unknown>, file: string): LoadedScenario {
  const lines = SOURCES.get(raw);
  if (lines === undefined) throwProblems(file, plainDataProblems(raw));
  const { extends: _preset, ...data } = raw;
  const fabric = Array.isArray(data.fabric) ? data.fabric : [];
  if (fabric.length > limitValue("fabricNodes")) throwProblems(file, [{ path: "fabric", message: scenarioMessage.tooManyNodes(fabric.length) }], lines);
  const parsed = Scenario.safeParse(data, { reportInput: true });
  const problems: FieldProblem[] = parsed.success ? [] : parsed.error.issues.flatMap((issue) => issueProblems(issue, Scenario, data));
  const schemaPaths = new Set(problems.map((p) => p.path));
  problems.push(...referenceProblems(data).filter((p) => !schemaPaths.has(p.path)));
  if (parsed.success && problems.length === 0) problems.push(...valueProblems(parsed.data));
  throwProblems(file, problems, lines);
  const scenario = parsed.data!;
  const { topology, assumptions } = toTopologyWithAssumptions(scenario);
  return { file, raw, scenario, topology, workloads: toWorkloads(scenario), variants: toVariants(scenario), assumptions };
}

/** Reads, merges, edits and validates a scenario file. */
export function loadScenario(file: string, settings: readonly string[] = []): LoadedScenario {
  const raw = applySettings(readScenarioData(file), settings, `${file}: --set`);
  return { ...scenarioFromData(raw, file), overrides: [...settings] };
}
