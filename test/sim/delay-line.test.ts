import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Simulator } from "../../src/sim/simulator.js";
import { DelayLine } from "../../src/sim/delay-line.js";

describe("DelayLine", () => {
  it("delivers each item at its time, never before an earlier item, in the order added", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 50 }), fc.nat({ max: 80 })), { minLength: 1, maxLength: 200 }), (adds) => {
        // Item i is added at time adds[i][0] (sorted) with a delay of adds[i][1].
        const sim = new Simulator();
        const delivered: Array<[number, number]> = [];
        const line = new DelayLine<number>(sim, (i) => delivered.push([i, sim.now]));
        const at = adds.map(([t]) => t).sort((a, b) => a - b);
        at.forEach((t, i) => sim.at(t, () => line.add(i, t + adds[i]![1])));
        sim.run();
        let due = 0;
        const expected = at.map((t, i): [number, number] => [i, (due = Math.max(due, t + adds[i]![1]))]);
        expect(delivered).toEqual(expected);
        expect(line.length).toBe(0);
      }),
    );
  });

  it("keeps its order when a delivery adds items and the ring grows, and calls its hooks around each round", () => {
    const sim = new Simulator();
    const seen: string[] = [];
    let next = 100;
    const line: DelayLine<number> = new DelayLine<number>(
      sim,
      (i) => {
        seen.push(`${i}@${sim.now}`);
        // Each of the first items brings 20 more: the first's all due at once (the ring grows in the
        // middle of a round that then delivers past the old capacity), the others' at once or later.
        if (i < 3) for (let k = 0; k < 20; k++) line.add(next++, sim.now + (i > 0 ? (k % 2) * 10 : 0));
      },
      { before: () => seen.push("before"), idle: () => seen.push("idle") },
    );
    for (let i = 0; i < 3; i++) line.add(i, 5);
    sim.run();
    const deliveries = seen.filter((s) => s.includes("@"));
    expect(deliveries).toHaveLength(63);
    expect(deliveries.map((s) => Number(s.split("@")[0]))).toEqual([0, 1, 2, ...Array.from({ length: 60 }, (_, k) => 100 + k)]);
    // Times never go backwards, and the line ends idle.
    const times = deliveries.map((s) => Number(s.split("@")[1]));
    times.forEach((t, k) => expect(t).toBeGreaterThanOrEqual(times[k - 1] ?? 0));
    expect(seen[0]).toBe("before");
    expect(seen.at(-1)).toBe("idle");
  });
});
