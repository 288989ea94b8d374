import { describe, expect, it } from "vitest";
import { assertTopology, MAX_TREE_DEPTH, topologyProblems } from "../../src/topology/check.js";

const sockets = [{ id: "s0" }];
const hostBridges = [{ id: "hb0", socket: "s0", deviceId: "8086:2030" }];
const rp = (id: string) => ({ id, type: "root-port", hostBridge: "hb0" });
const sw = (id: string, parent: string) => ({ id, type: "switch", parent, link: "gen4x16" });
const ep = (id: string, parent: string) => ({ id, type: "endpoint", parent, link: "gen4x4" });

describe("the one topology check", () => {
  it("finds nothing wrong with a sound tree", () => {
    expect(topologyProblems({ sockets, hostBridges, nodes: [rp("rp0"), sw("sw0", "rp0"), ep("a", "sw0"), ep("b", "sw0")] }, { scenario: true })).toEqual([]);
  });

  it("reports a cycle once, at its first member, with its ids in order", () => {
    const problems = topologyProblems({ sockets, hostBridges, nodes: [rp("rp0"), sw("sw1", "sw3"), sw("sw2", "sw1"), sw("sw3", "sw2"), ep("a", "sw2")] });
    expect(problems).toEqual([{ code: "cycle", list: "nodes", index: 1, field: "parent", id: "sw1", value: "", ids: ["sw1", "sw3", "sw2"] }]);
  });

  it("reports a duplicate id without inventing a cycle from it", () => {
    const problems = topologyProblems({ sockets, hostBridges, nodes: [rp("rp0"), sw("sw0", "rp0"), sw("sw0", "sw0"), ep("a", "sw0")] });
    expect(problems.map((p) => p.code)).toEqual(["duplicateId"]);
  });

  it("reports every problem of a file in one pass, each at its entry", () => {
    const problems = topologyProblems(
      { sockets, hostBridges: [...hostBridges, { id: "hb1", socket: "s9", deviceId: "x" }], nodes: [rp("rp0"), { id: "rp1", type: "root-port", hostBridge: "hb7" }, ep("a", "sw9"), ep("b", "a"), { id: "c", type: "endpoint", parent: "rp0" }, sw("sw0", "rp0")] },
      { scenario: true },
    );
    expect(problems.map((p) => `${p.list}.${p.index}.${p.field}:${p.code}`)).toEqual([
      "hostBridges.1.socket:unknownSocket",
      "hostBridges.1.deviceId:badDeviceId",
      "nodes.1.hostBridge:unknownHostBridge",
      "nodes.2.parent:unknownParent",
      "nodes.3.parent:unknownParent",
      "nodes.4.link:noLink",
      "nodes.0.:rootPortChildren",
    ]);
  });

  it("refuses a chain deeper than a PCI segment's bus numbers allow, once", () => {
    const nodes: object[] = [rp("rp0")];
    for (let i = 0; i < MAX_TREE_DEPTH + 5; i++) nodes.push(sw(`d${i}`, i === 0 ? "rp0" : `d${i - 1}`));
    const problems = topologyProblems({ sockets, hostBridges, nodes });
    expect(problems.map((p) => [p.code, p.id])).toEqual([["tooDeep", `d${MAX_TREE_DEPTH - 1}`]]);
  });

  it("checks a fabric of 400 000 nodes and finds exactly the two problems planted in it", () => {
    const nodes: object[] = [rp("rp0"), sw("sw0", "rp0")];
    for (let i = 0; i < 1000; i++) nodes.push(sw(`x${i}`, "sw0"));
    for (let i = 0; nodes.length < 400_000; i++) nodes.push(ep(`e${i}`, `x${i % 1000}`));
    nodes.push(ep("e5", "x1"), ep("lost", "x1000"));
    const problems = topologyProblems({ sockets, hostBridges, nodes }, { scenario: true });
    expect(problems.map((p) => `${p.code} ${p.id}`)).toEqual(["duplicateId e5", "unknownParent lost"]);
  });

  it("throws the first problem in the kernel model's words for a topology built by hand", () => {
    expect(() => assertTopology({ sockets, hostBridges, nodes: [rp("rp0"), ep("a", "sw9")] })).toThrow("node a: parent 'sw9' is not a root port or switch");
    expect(() => assertTopology({ sockets, hostBridges, nodes: [rp("rp0"), ep("a", "rp0"), ep("b", "rp0")] }, { fabric: true })).toThrow("root port rp0: has one link, but a, b name it as parent");
  });
});
