import { describe, expect, it } from "vitest";
import { ancestors, deviceOf, hostBridgeOf, rootPortOf, socketOf, topologyTree } from "../../src/kernel/tree.js";
import { hopLabel, upstreamChain } from "../../src/kernel/upstream-chain.js";
import { endpoint, fn, hostBridge, pcieSwitch, platform, rootPort, tree, twoLevels } from "./topologies.js";

describe("the topology tree", () => {
  it("lists the ports above a node, nearest first, ending at its root port", () => {
    expect(ancestors(twoLevels(), "gpu0").map((n) => n.id)).toEqual(["sw1", "sw0", "rp0"]);
    expect(ancestors(twoLevels(), "rp0")).toEqual([]);
  });

  it("finds the root port, host bridge and socket of a node", () => {
    const t = tree([rootPort("rp0", "hb1"), pcieSwitch("sw0", "rp0"), endpoint("gpu0", "sw0")], {
      hostBridges: [hostBridge("hb0", "s0"), hostBridge("hb1", "s1")],
    });
    expect(rootPortOf(t, "gpu0").id).toBe("rp0");
    expect(rootPortOf(t, "rp0").id).toBe("rp0");
    expect(hostBridgeOf(t, "sw0").id).toBe("hb1");
    expect(socketOf(t, "gpu0").id).toBe("s1");
  });

  it("places another function of a device where the device's first function is", () => {
    const t = tree([rootPort("rp0"), pcieSwitch("sw0", "rp0"), endpoint("gpu0", "sw0"), fn("gpu0.1", "gpu0"), fn("gpu0.2", "gpu0.1")]);
    expect(deviceOf(t, "gpu0.2").id).toBe("gpu0");
    expect(ancestors(t, "gpu0.2").map((n) => n.id)).toEqual(["sw0", "rp0"]);
  });

  it("walks up as pci_upstream_bridge does: each switch is a downstream and an upstream port", () => {
    const t = tree([rootPort("rp0"), pcieSwitch("sw0", "rp0"), pcieSwitch("sw1", "sw0"), endpoint("gpu0", "sw1"), fn("gpu0.1", "gpu0")]);
    expect(upstreamChain(t, "gpu0.1").map(hopLabel)).toEqual([
      "gpu0.1",
      "sw1 port to gpu0",
      "sw1 upstream port",
      "sw0 port to sw1",
      "sw0 upstream port",
      "root port rp0",
    ]);
  });

  it("throws naming the node with an unknown parent", () => {
    expect(() => tree([rootPort("rp0"), endpoint("nvme0", "sw9")])).toThrow("node nvme0: parent 'sw9' is not a root port or switch");
  });

  it("throws when a node's parent is an endpoint", () => {
    expect(() => tree([rootPort("rp0"), endpoint("nvme0", "rp0"), endpoint("nvme1", "nvme0")])).toThrow("node nvme1: parent 'nvme0'");
  });

  it("throws naming a node whose parents form a cycle", () => {
    expect(() => tree([rootPort("rp0"), pcieSwitch("sw0", "sw1"), pcieSwitch("sw1", "sw0")])).toThrow(/node sw[01]: its parents form a cycle/);
    expect(() => tree([rootPort("rp0"), fn("a", "b"), fn("b", "a")])).toThrow(/its parents form a cycle/);
  });

  it("throws naming a root port whose host bridge is not defined", () => {
    expect(() => tree([rootPort("rp0", "hb7")])).toThrow("root port rp0: host bridge 'hb7' is not defined");
  });

  it("throws naming a host bridge with an unknown socket or a bad device ID", () => {
    expect(() => tree([rootPort("rp0")], { hostBridges: [hostBridge("hb0", "s9")] })).toThrow("host bridge hb0: socket 's9'");
    expect(() => tree([rootPort("rp0")], { hostBridges: [hostBridge("hb0", "s0", "intel")] })).toThrow("host bridge hb0: deviceId 'intel'");
  });

  it("throws on an id used twice and on an endpoint with neither parent nor functionOf", () => {
    expect(() => tree([rootPort("rp0"), rootPort("rp0")])).toThrow("node rp0: id used twice");
    const orphan = { ...endpoint("nvme0", "rp0"), parent: undefined };
    expect(() => topologyTree(platform([rootPort("rp0"), orphan]))).toThrow("node nvme0: needs a parent");
  });
});
