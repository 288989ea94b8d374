import { describe, expect, it } from "vitest";
import { availableParallelism } from "node:os";
import { DEFAULT_SCENARIO, defaultWorkers, openScenario, run, runParallel } from "../../src/run/library.js";
import { variantRuns } from "../../src/run/scenario.js";
import { canonicalJson } from "../../src/report/canonical-json.js";

const small = (compare: string) => openScenario(DEFAULT_SCENARIO, { settings: ["workloads.0.size=1MiB", "workloads.1.size=256KiB", `compare=${compare}`] });

describe("a run's variants side by side", () => {
  it("run only the variants that plan differently (auto repeats p2p here)", () => {
    const { jobs } = variantRuns(small("[p2p, bounce, auto]"));
    expect(jobs.map((j) => j.variant)).toEqual([0, 1]);
  });

  it("give the same summary and every I/O's latency as one thread, byte for byte, whatever the thread count", async () => {
    const scenario = small("[p2p, bounce, auto]");
    const alone = run(scenario);
    for (const workers of [1, 2, 3]) {
      const sideBySide = await runParallel(scenario, { workers });
      expect(canonicalJson(sideBySide.summary)).toBe(canonicalJson(alone.summary));
      // Every artifact, those added later included (a field runScenario gives must not be lost on threads).
      expect(Object.keys(sideBySide).sort()).toEqual(Object.keys(alone).sort());
      expect(sideBySide).toEqual(alone);
    }
  }, 60_000);

  it("report each variant done, ending at the count of variants", async () => {
    const seen: number[] = [];
    await runParallel(small("[p2p, bounce, auto]"), { workers: 1, onVariant: (done, total) => seen.push(done * 10 + total) });
    expect(seen.at(-1)).toBe(33);
  });
});

describe("a scenario's window", () => {
  it("sets every variant's time-series window, on threads too, and the library's windowPs (run's --window) overrides it", async () => {
    const scenario = openScenario(DEFAULT_SCENARIO, { settings: ["workloads.0.size=1MiB", "workloads.1.size=256KiB", "compare=[p2p, bounce]", "window=20us"] });
    const alone = run(scenario);
    expect(alone.summary.variants.map((v) => v.windowNs)).toEqual([20_000, 20_000]);
    const row = alone.timeSeries!.find((r) => r.variant === "p2p")!;
    expect(row.windowEndNs - row.windowStartNs).toBe(20_000);
    expect((await runParallel(scenario, { workers: 2 })).summary).toEqual(alone.summary);
    expect(run(scenario, { windowPs: 40_000_000 }).summary.variants.map((v) => v.windowNs)).toEqual([40_000, 40_000]);
  }, 60_000);

  it("is refused unless it is a positive time, naming the field", () => {
    expect(() => openScenario(DEFAULT_SCENARIO, { settings: ["window=0ns"] })).toThrow(/window: a window is a positive time, e\.g\. 100us/);
    expect(() => openScenario(DEFAULT_SCENARIO, { settings: ["window=abc"] })).toThrow(/window: 'abc' is not a time/);
  });
});

describe("the default thread count", () => {
  it("is SLURM_CPUS_PER_TASK under Slurm, else the machine's cores", () => {
    expect(defaultWorkers({ SLURM_CPUS_PER_TASK: "6" })).toBe(6);
    expect(defaultWorkers({})).toBe(availableParallelism());
    expect(defaultWorkers({ SLURM_CPUS_PER_TASK: "" })).toBe(availableParallelism());
    expect(defaultWorkers({ SLURM_CPUS_PER_TASK: "0" })).toBe(availableParallelism());
  });
});
