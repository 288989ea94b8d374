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

describe("the default thread count", () => {
  it("is SLURM_CPUS_PER_TASK under Slurm, else the machine's cores", () => {
    expect(defaultWorkers({ SLURM_CPUS_PER_TASK: "6" })).toBe(6);
    expect(defaultWorkers({})).toBe(availableParallelism());
    expect(defaultWorkers({ SLURM_CPUS_PER_TASK: "" })).toBe(availableParallelism());
    expect(defaultWorkers({ SLURM_CPUS_PER_TASK: "0" })).toBe(availableParallelism());
  });
});
