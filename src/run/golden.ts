/**
 * Golden summaries: the canonical summary.json of each built-in scenario (its base case, without
 * the sweep), which the tests compare against and `npm run golden` rewrites.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadScenario } from "../scenario/load.js";
import { canonicalJson } from "../report/canonical-json.js";
import { runScenario } from "./scenario.js";
import type { RunArtifacts } from "../report/types.js";

/** The scenario files of a folder (not its presets), sorted. */
export function scenarioFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".json"))
    .sort()
    .map((f) => join(dir, f));
}

/** Runs a scenario's base case; returns its canonical summary text and everything a results folder needs. */
export function goldenRun(file: string): { name: string; text: string; artifacts: RunArtifacts } {
  const loaded = loadScenario(file);
  const artifacts = runScenario(loaded);
  return { name: loaded.scenario.name, text: canonicalJson(artifacts.summary), artifacts };
}
