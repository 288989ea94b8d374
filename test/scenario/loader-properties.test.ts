/**
 * Property tests of the scenario loader on mutated valid scenarios (fast-check): whatever the text
 * or data, it either gives a scenario or throws the tool's own error (UsageError, of which
 * ScenarioError is one), never anything else; it never pollutes Object.prototype; and heap use
 * stays bounded. A hang fails the test by its timeout.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applySettings, parseScenarioText, scenarioFromData } from "../../src/scenario/load.js";
import { UsageError } from "../../src/messages.js";
import { setPath } from "../../src/scenario/merge.js";

const SCENARIOS = fileURLToPath(new URL("../../scenarios", import.meta.url));
const TEXTS = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => readFileSync(join(SCENARIOS, f), "utf8"));

/** Loads text as `p2psim check` does; returns "ok" or "refused", and rethrows anything that is not the tool's own error. */
function load(text: string): "ok" | "refused" {
  try {
    scenarioFromData(parseScenarioText(text, "mutant.yaml", SCENARIOS), "mutant.yaml");
    return "ok";
  } catch (error) {
    if (error instanceof UsageError) return "refused";
    throw error;
  }
}

const TOKENS = ["&a ", "*a", "*b", "[", "]", "{", "}", ": ", "- ", "__proto__: 1", "constructor: {}", "yes", "off", "---\n", "\t", "\u0000", "\ufeff", "'", '"', "#", "<<: *a", "!!binary ", "!!js/function ", "1e400", "-1", "0", "NaN", ".inf", "~", "?", "|\n", ">\n", "%YAML 1.1\n"];

/** A text edit: insert a token, delete a span, duplicate a line, or cut the file short. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("text" as const), at: fc.nat(), token: fc.string({ maxLength: 12 }) }),
);

function mutate(text: string, edits: ReadonlyArray<{ kind: string; at: number; token?: string; length?: number }>): string {
  let out = text;
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % out.length;
    if (e.kind === "insert" || e.kind === "text") out = out.slice(0, at) + e.token! + out.slice(at);
    else if (e.kind === "delete") out = out.slice(0, at) + out.slice(at + e.length!);
    else if (e.kind === "truncate") out = out.slice(0, at);
    else {
      const lines = out.split("\n");
      const i = e.at % lines.length;
      lines.splice(i, 0, lines[i]!);
      out = lines.join("\n");
    }
  }
  return out;
}

const HEAP_LIMIT = 1024 * 1024 * 1024;

describe("the scenario loader on mutated scenarios", () => {
  it("gives a scenario or the tool's own error for any edit of a valid file's text", () => {
    fc.assert(
      fc.property(fc.nat({ max: TEXTS.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (which, edits) => {
        load(mutate(TEXTS[which]!, edits));
        expect(process.memoryUsage().heapUsed).toBeLessThan(HEAP_LIMIT);
      }),
      { numRuns: 400, seed: 14 },
    );
    expect(Object.prototype).not.toHaveProperty("polluted");
  }, 120_000);

  it("gives a scenario or the tool's own error when any field is set to any JSON value", () => {
    const bases = TEXTS.map((t) => parseScenarioText(t, "base.yaml", SCENARIOS));
    const segment = fc.oneof(fc.constantFrom("name", "fabric", "workloads", "platform", "compare", "sweep", "0", "1", "2", "dma", "mps", "io", "size", "link", "parent", "bar", "media", "rate", "iommu", "hostBridges", "kernel", "__proto__", "constructor", "prototype"), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.array(segment, { minLength: 1, maxLength: 4 }), fc.jsonValue({ maxDepth: 3 }), (which, path, value) => {
        try {
          scenarioFromData(applySettings(bases[which]!, [`${path.join(".")}=${JSON.stringify(value)}`], "t: --set"), "t.yaml");
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
        }
      }),
      { numRuns: 400, seed: 14 },
    );
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  }, 120_000);

  it("refuses __proto__, constructor and prototype in --set paths without touching Object.prototype", () => {
    const base = parseScenarioText(TEXTS[0]!, "base.yaml", SCENARIOS);
    for (const path of ["__proto__.polluted", "fabric.0.__proto__.polluted", "constructor.prototype.polluted", "workloads.prototype"]) {
      expect(() => applySettings(base, [`${path}=1`], "t: --set")).toThrow(UsageError);
    }
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(setPath).toBeTypeOf("function");
  });
});
