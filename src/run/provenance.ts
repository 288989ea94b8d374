/**
 * Where a result comes from (the contract's `provenance`): the tool and its version, the scenario
 * as resolved (presets laid under it, `--set` applied), the edits given, the seed, a digest of the
 * scenario and seed, and the command that makes the same result again.
 */
import { createHash } from "node:crypto";
import { isAbsolute, relative, sep } from "node:path";
import type { Provenance } from "../contract.js";
import { canonicalJson } from "../report/canonical-json.js";
import { BUILT_IN_SCENARIOS, type LoadedScenario } from "../scenario/load.js";
import { packageVersion } from "../package-root.js";

/** sha256 (hex) of the resolved scenario and the seed, in canonical JSON. */
export function scenarioDigest(scenario: Record<string, unknown>, seed: number): string {
  return createHash("sha256").update(canonicalJson({ scenario, seed })).digest("hex");
}

export function provenanceOf(loaded: LoadedScenario, seed: number): Provenance {
  const { extends: _preset, ...resolved } = loaded.raw;
  const scenario = JSON.parse(JSON.stringify(resolved)) as Record<string, unknown>;
  const overrides = loaded.overrides ?? [];
  const args = ["p2psim", "run", shellWord(displayFile(loaded.file))];
  if (seed !== loaded.scenario.seed) args.push("--seed", String(seed));
  for (const o of overrides) args.push("--set", shellWord(o));
  return {
    tool: { name: "p2psim", version: packageVersion() },
    scenario,
    overrides,
    seed,
    digest: scenarioDigest(scenario, seed),
    command: args.join(" "),
  };
}

/** The scenario file as a user would name it: built-in ones as scenarios/..., others as given. */
function displayFile(file: string): string {
  if (file.startsWith("(")) return "SCENARIO.yaml";
  const inBuiltIn = relative(BUILT_IN_SCENARIOS, file);
  if (isAbsolute(file) && !inBuiltIn.startsWith("..") && !isAbsolute(inBuiltIn)) return ["scenarios", ...inBuiltIn.split(sep)].join("/");
  return file;
}

/** A word the shell reads back as itself. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
