import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { goldenRun, scenarioFiles } from "../../src/run/golden.js";
import { writeResults } from "../../src/report/write-results.js";
import { loadScenario } from "../../src/scenario/load.js";
import { runScenario } from "../../src/run/scenario.js";
import { canonicalJson } from "../../src/report/canonical-json.js";
import { sweepAxes, sweepPoints } from "../../src/scenario/sweep.js";
import { pointData, sweepBase } from "../../src/run/sweep-job.js";
import { readScenarioData, scenarioFromData } from "../../src/scenario/load.js";
import { mergeScenario } from "../../src/scenario/merge.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const files = scenarioFiles(join(ROOT, "scenarios"));
const SHARED_CHECKER = join(ROOT, "../shared/tools/check-summary.mjs");
const CHECKER = existsSync(SHARED_CHECKER) ? SHARED_CHECKER : join(ROOT, "test/fixtures/check-summary.mjs");
const golden = (name: string) => join(ROOT, "test/golden", `${name}.summary.json`);

describe("the scenario library", () => {
  it.each(files.map((f) => [basename(f), f]))("validates and runs %s, matching its golden summary and the output contract", async (_, file) => {
    const { name, text, artifacts } = goldenRun(file);
    expect(existsSync(golden(name)), `no golden summary for ${name}: run npm run golden`).toBe(true);
    expect(text).toBe(readFileSync(golden(name), "utf8"));
    const out = join(mkdtempSync(join(tmpdir(), "p2psim-scenario-")), name);
    await writeResults(out, artifacts);
    const check = spawnSync(process.execPath, [CHECKER, out], { encoding: "utf8" });
    expect(check.stdout).toMatch(/matches the output contract/);
  });

  it.each(files.map((f) => [basename(f), f]))("validates every sweep point of %s", (_, file) => {
    const loaded = loadScenario(file);
    for (const point of sweepPoints(sweepAxes(loaded.scenario.sweep, file), file)) {
      expect(() => scenarioFromData(pointData({ base: sweepBase(loaded.raw), where: file, point }), file)).not.toThrow();
    }
  });

  it("has a scenario for every golden summary", () => {
    const names = new Set(files.map((f) => loadScenario(f).scenario.name));
    for (const g of readdirSync(join(ROOT, "test/golden"))) expect(names.has(g.replace(/\.summary\.json$/, ""))).toBe(true);
  });

  it.each(readdirSync(join(ROOT, "scenarios/platforms")))("validates the preset %s as the base of a scenario", (preset) => {
    const file = join(ROOT, "scenarios/platforms", preset);
    const data = mergeScenario(readScenarioData(file), {
      name: "preset-check",
      fabric: [
        { id: "rp0", type: "root-port", hostBridge: "hb0" },
        { id: "ep0", type: "endpoint", parent: "rp0", link: "gen4x8" },
      ],
      workloads: [{ name: "w", from: "ep0", to: "s0", size: "1MiB" }],
    }) as Record<string, unknown>;
    const loaded = scenarioFromData(data, file);
    expect(loaded.topology.hostBridges.length).toBeGreaterThan(0);
  });
});

/** A summary's data without its engine event counts, and those counts in order. */
function withoutEvents(summaryJson: string): { rest: unknown; events: number[] } {
  const events: number[] = [];
  const rest: unknown = JSON.parse(summaryJson, (key, value: unknown) => {
    if (key !== "events" || typeof value !== "number") return value;
    events.push(value);
    return undefined;
  });
  return { rest, events };
}

describe("the scenario library on the per-TLP reference path", () => {
  // The fast path (trains, late hand-overs) must change nothing but the engine's event count: every
  // built-in scenario, run with every TLP given events of its own, gives its golden summary.
  it.each(files.map((f) => [basename(f), f]))("gives %s's golden summary but for the event count, which is higher", (_, file) => {
    const loaded = loadScenario(file);
    const reference = withoutEvents(canonicalJson(runScenario(loaded, { perTlp: true }).summary));
    const fast = withoutEvents(readFileSync(golden(loaded.scenario.name), "utf8"));
    expect(reference.rest).toEqual(fast.rest);
    expect(reference.events.length).toBe(fast.events.length);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(reference.events)).toBeGreaterThan(sum(fast.events));
  });
});
