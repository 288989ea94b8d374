import { describe, expect, it } from "vitest";
import { scenarioFromData } from "../../src/scenario/load.js";
import { runScenario } from "../../src/run/scenario.js";
import { RunLimitError, runWatched } from "../../src/run/watch.js";
import { Simulator } from "../../src/sim/simulator.js";
import type { Fabric } from "../../src/fabric/fabric.js";
import type { TransferFlow } from "../../src/workload/transfer.js";

const scenario = () =>
  scenarioFromData(
    {
      name: "w",
      fabric: [
        { id: "rp0", type: "root-port", hostBridge: "hb0" },
        { id: "nic0", type: "endpoint", parent: "rp0", link: "gen3x8" },
      ],
      workloads: [{ name: "w", from: "nic0", to: "s0", size: "4MiB", io: "64KiB", queueDepth: 8 }],
      compare: ["bounce"],
    },
    "w.yaml",
  );

describe("a watched run", () => {
  it("gives the same summary in slices, with progress reported, as in one go", () => {
    const plain = runScenario(scenario()).summary;
    const seen: number[] = [];
    // About 1150 events in all (the root port takes the DRAM writes late): slices of 100.
    const watched = runScenario(scenario(), { watch: { progressEveryMs: 0, sliceEvents: 100, onProgress: (p) => seen.push(p.fraction) } }).summary;
    expect(watched).toEqual(plain);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((f, i) => f > 0 && f < 1 && (i === 0 || f >= seen[i - 1]!))).toBe(true);
  });

  it("stops at --max-sim-time with work left, saying how far it got", () => {
    expect(() => runScenario(scenario(), { watch: { maxSimPs: 100_000_000 } })).toThrow(/stopped by --max-sim-time 0\.1000 ms in variant bounce with work left \(\d+\.\d % done\); nothing was written/);
  });

  it("stops at --max-wall once the time is spent", () => {
    expect(() => runScenario(scenario(), { watch: { maxWallMs: 1, startedAtMs: 0, sliceEvents: 100 } })).toThrow(RunLimitError);
  });

  it("reports a run that ends with bytes still to move as stuck, naming the flow", () => {
    const sim = new Simulator(1);
    const flow = { finished: false, bytesDone: 4096, bytesPlanned: 65536, params: { name: "w", totalBytes: 65536, startPs: 0 } } as unknown as TransferFlow;
    const fabric = { links: new Map() } as unknown as Fabric;
    expect(() => runWatched(sim, fabric, [flow], "p2p")).toThrow(
      "variant p2p: the run is stuck at simulated 0.000 ms: nothing is left to happen but bytes are still to move (a credit deadlock, or a stage that never serves); nothing was written\n  flow w: 4096 of 65536 bytes moved",
    );
  });
});
