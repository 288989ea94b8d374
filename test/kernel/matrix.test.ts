import { describe, expect, it } from "vitest";
import { matrixDecision, p2pMatrix } from "../../src/kernel/matrix.js";
import { twoLevels } from "./topologies.js";

describe("the decision matrix", () => {
  it("has a row and a column per endpoint, in topology order", () => {
    const m = p2pMatrix(twoLevels());
    expect(m.devices).toEqual(["gpu0", "gpu1", "nic0"]);
    expect(m.decisions.map((row) => row.map((d) => d.topo))).toEqual([
      ["X", "PXB", "PXB"],
      ["PXB", "X", "PXB"],
      ["PXB", "PXB", "X"],
    ]);
  });

  it("holds the decision for provider row and client column", () => {
    const m = p2pMatrix(twoLevels());
    expect(matrixDecision(m, "gpu1", "nic0")).toMatchObject({ provider: "gpu1", client: "nic0", distance: 6 });
    expect(() => matrixDecision(m, "gpu1", "nvme7")).toThrow("no decision for provider gpu1 and client nvme7");
  });
});
