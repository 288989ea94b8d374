import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseShard, scenarioDigest, shardIndices, MAX_SHARDS } from "../../src/run/shard.js";
import { rangeList } from "../../src/run/merge.js";

describe("--shard", () => {
  it("reads I/N for any 0 <= I < N <= 10000", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_SHARDS }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.constant(n))), ([i, n]) => {
        expect(parseShard(`${i}/${n}`)).toEqual({ index: i, count: n });
      }),
    );
  });

  it("refuses anything else, saying what it takes", () => {
    for (const bad of ["3/3", "-1/4", "1/0", "a/b", "1", "1/2/3", "0/10001", ""]) {
      expect(() => parseShard(bad), bad).toThrow(/give I\/N with 0 <= I < N <= 10000 \(e\.g\. 2\/8\), or auto/);
    }
  });

  it("takes auto from a Slurm array task, preferring P2PSIM_SHARD_COUNT to the array's task count", () => {
    expect(parseShard("auto", { SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_COUNT: "10" })).toEqual({ index: 4, count: 10 });
    // A resubmission of two tasks (--array=2,5) has a task count of 2; the launcher sets P2PSIM_SHARD_COUNT.
    expect(parseShard("auto", { SLURM_ARRAY_TASK_ID: "5", SLURM_ARRAY_TASK_COUNT: "2", P2PSIM_SHARD_COUNT: "10" })).toEqual({ index: 5, count: 10 });
  });

  it("takes auto from a Kubernetes Indexed Job's completion index and P2PSIM_SHARD_COUNT", () => {
    expect(parseShard("auto", { JOB_COMPLETION_INDEX: "2", P2PSIM_SHARD_COUNT: "3" })).toEqual({ index: 2, count: 3 });
    expect(() => parseShard("auto", { JOB_COMPLETION_INDEX: "2" })).toThrow(/JOB_COMPLETION_INDEX is set but the shard count is not: set P2PSIM_SHARD_COUNT/);
  });

  it("refuses auto outside a scheduler, and an index past the count", () => {
    expect(() => parseShard("auto", {})).toThrow(/found neither SLURM_ARRAY_TASK_ID .* nor JOB_COMPLETION_INDEX/);
    expect(() => parseShard("auto", { SLURM_ARRAY_TASK_ID: "x", P2PSIM_SHARD_COUNT: "3" })).toThrow(/SLURM_ARRAY_TASK_ID='x' is not a whole number/);
    expect(() => parseShard("auto", { SLURM_ARRAY_TASK_ID: "3", P2PSIM_SHARD_COUNT: "3" })).toThrow(/'3\/3' is not a shard/);
  });
});

describe("shard indices", () => {
  it("give every point to exactly one shard, interleaved (index I mod N)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 40 }), (total, count) => {
        const all = Array.from({ length: count }, (_, index) => shardIndices(total, { index, count }));
        expect(all.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
        all.forEach((indices, shard) => indices.forEach((i) => expect(i % count).toBe(shard)));
      }),
    );
  });
});

describe("the scenario digest", () => {
  it("depends on the data, not on the order of its keys", () => {
    const a = scenarioDigest({ name: "x", workloads: [{ io: "4KiB", size: "1MiB" }] });
    expect(scenarioDigest({ workloads: [{ size: "1MiB", io: "4KiB" }], name: "x" })).toBe(a);
    expect(scenarioDigest({ name: "x", workloads: [{ io: "8KiB", size: "1MiB" }] })).not.toBe(a);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe("the --array= list", () => {
  it("collapses runs and expands back to the same whole numbers", () => {
    expect(rangeList([5, 0, 1, 2, 7, 9, 8])).toBe("0-2,5,7-9");
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 })), (values) => {
        const expanded = rangeList(values)
          .split(",")
          .filter((p) => p !== "")
          .flatMap((part) => {
            const [from, to] = part.split("-").map(Number) as [number, number | undefined];
            return Array.from({ length: (to ?? from) - from + 1 }, (_, i) => from + i);
          });
        expect(expanded).toEqual([...new Set(values)].sort((a, b) => a - b));
      }),
    );
  });
});
