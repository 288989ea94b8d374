import { describe, expect, it } from "vitest";
import { switchesBetween, topoClass } from "../../src/kernel/topo-class.js";
import { ACS_REDIRECT, endpoint, fn, hostBridge, oneSwitch, rootPort, tree, twoHostBridges, twoLevels, twoRootPorts } from "./topologies.js";

describe("nvidia-smi topo classes", () => {
  it("calls a device and itself X", () => {
    expect(topoClass(oneSwitch(), "nvme0", "nvme0")).toBe("X");
  });

  it("calls two devices on one switch PIX, whatever ACS says", () => {
    expect(topoClass(oneSwitch(), "nvme0", "nvme1")).toBe("PIX");
    expect(topoClass(oneSwitch(ACS_REDIRECT), "nvme0", "nvme1")).toBe("PIX");
  });

  it("calls two functions of one device PIX", () => {
    const t = tree([rootPort("rp0"), endpoint("nic0", "rp0"), fn("nic0.1", "nic0")]);
    expect(topoClass(t, "nic0", "nic0.1")).toBe("PIX");
  });

  it("calls a path through two or more switches PXB", () => {
    expect(topoClass(twoLevels(), "gpu0", "nic0")).toBe("PXB");
    expect(topoClass(twoLevels(), "gpu0", "gpu1")).toBe("PXB");
    expect(switchesBetween(twoLevels(), "gpu0", "gpu1")).toEqual(["sw1", "sw0", "sw2"]);
  });

  it("calls different root ports of one host bridge PHB", () => {
    expect(topoClass(twoRootPorts(), "nvme0", "nvme1")).toBe("PHB");
  });

  it("calls different host bridges of one socket NODE and of two sockets SYS", () => {
    expect(topoClass(twoHostBridges(hostBridge("hb0", "s0"), hostBridge("hb1", "s0")), "nvme0", "nvme1")).toBe("NODE");
    expect(topoClass(twoHostBridges(hostBridge("hb0", "s0"), hostBridge("hb1", "s1")), "nvme0", "nvme1")).toBe("SYS");
  });

  it("finds no switches between devices under different root ports", () => {
    expect(switchesBetween(twoRootPorts(), "nvme0", "nvme1")).toBeUndefined();
  });
});
