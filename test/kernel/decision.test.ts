import { describe, expect, it } from "vitest";
import { p2pDecision } from "../../src/kernel/decision.js";
import {
  ACS_CAPABLE,
  ACS_REDIRECT,
  endpoint,
  fn,
  hostBridge,
  oneSwitch,
  pcieSwitch,
  rootPort,
  tree,
  twoLevels,
  twoRootPorts,
  UNLISTED_INTEL,
} from "./topologies.js";

describe("calc_map_type_and_dist", () => {
  it("gives two endpoints under one switch distance 4 and BUS_ADDR", () => {
    const d = p2pDecision(oneSwitch(), "nvme0", "nvme1");
    expect(d).toMatchObject({ mapType: "BUS_ADDR", distance: 4, topo: "PIX", warning: undefined, acsRedirectPorts: [] });
    expect(d.commonBridge).toEqual({ kind: "upstream-port", switchId: "sw0" });
    expect(d.reason).toBe("common upstream switch sw0");
  });

  it("gives a device and itself distance 0, BUS_ADDR and class X", () => {
    expect(p2pDecision(oneSwitch(), "nvme0", "nvme0")).toMatchObject({ mapType: "BUS_ADDR", distance: 0, topo: "X" });
  });

  it("gives two functions of one device distance 2, one hop up to the port and one back down", () => {
    const t = tree([rootPort("rp0"), pcieSwitch("sw0", "rp0"), endpoint("gpu0", "sw0"), fn("gpu0.1", "gpu0")]);
    const d = p2pDecision(t, "gpu0", "gpu0.1");
    expect(d).toMatchObject({ mapType: "BUS_ADDR", distance: 2, topo: "PIX" });
    expect(d.reason).toBe("functions of one device behind sw0 port to gpu0");
  });

  it("gives two functions of a device on a root port distance 2 too", () => {
    const t = tree([rootPort("rp0"), endpoint("nic0", "rp0"), fn("nic0.1", "nic0")]);
    expect(p2pDecision(t, "nic0.1", "nic0")).toMatchObject({ mapType: "BUS_ADDR", distance: 2, topo: "PIX" });
  });

  it("gives distance 8 with one more switch level on each side, and 6 with one more on one side", () => {
    expect(p2pDecision(twoLevels(), "gpu0", "gpu1")).toMatchObject({ mapType: "BUS_ADDR", distance: 8, topo: "PXB" });
    expect(p2pDecision(twoLevels(), "gpu0", "nic0")).toMatchObject({ distance: 6, topo: "PXB" });
  });

  it("sends traffic through an allowed host bridge when the switch redirects, and prints the kernel's warning", () => {
    const d = p2pDecision(oneSwitch(ACS_REDIRECT), "nvme0", "nvme1");
    expect(d).toMatchObject({ mapType: "THRU_HOST_BRIDGE", distance: 4, topo: "PIX" });
    expect(d.acsRedirectPorts).toEqual([
      { kind: "downstream-port", switchId: "sw0", toward: "nvme0" },
      { kind: "downstream-port", switchId: "sw0", toward: "nvme1" },
    ]);
    expect(d.reason).toBe("ACS redirect on sw0 port to nvme0 and sw0 port to nvme1; host bridge 8086:2030 is on the allow-list");
    expect(d.warning).toBe(
      "nvme1: ACS redirect is set between the client and provider (nvme0)\n" +
        "nvme1: to disable ACS redirect for this path, add the kernel parameter: pci=disable_acs_redir=sw0",
    );
  });

  it("refuses a redirected path on an unlisted host bridge, with the allow-list and refusal warnings", () => {
    const t = oneSwitch(ACS_REDIRECT, { hostBridges: [hostBridge("hb0", "s0", UNLISTED_INTEL)] });
    const d = p2pDecision(t, "nvme0", "nvme1");
    expect(d.mapType).toBe("NOT_SUPPORTED");
    expect(d.reason).toBe("ACS redirect on sw0 port to nvme0 and sw0 port to nvme1; host bridge 8086:1234 not on the allow-list");
    expect(d.warning?.split("\n")).toEqual([
      "nvme1: ACS redirect is set between the client and provider (nvme0)",
      "nvme1: to disable ACS redirect for this path, add the kernel parameter: pci=disable_acs_redir=sw0",
      "hb0: Host bridge not in P2PDMA whitelist: 8086:1234",
      "nvme1: cannot be used for peer-to-peer DMA as the client and provider (nvme0) do not share an upstream bridge or whitelisted host bridge",
    ]);
  });

  it("checks the downstream port above two functions of one device for redirect", () => {
    const t = tree([rootPort("rp0"), pcieSwitch("sw0", "rp0", ACS_REDIRECT), endpoint("gpu0", "sw0"), fn("gpu0.1", "gpu0")]);
    const d = p2pDecision(t, "gpu0", "gpu0.1");
    expect(d).toMatchObject({ mapType: "THRU_HOST_BRIDGE", distance: 2 });
    expect(d.acsRedirectPorts).toEqual([{ kind: "downstream-port", switchId: "sw0", toward: "gpu0" }]);
  });

  it("lists only the redirecting ports below the common switch, provider side first", () => {
    const t = tree([
      rootPort("rp0", "hb0", ACS_REDIRECT),
      pcieSwitch("sw0", "rp0"),
      pcieSwitch("sw1", "sw0", ACS_REDIRECT),
      pcieSwitch("sw2", "sw0"),
      endpoint("gpu0", "sw1"),
      endpoint("gpu1", "sw2"),
    ]);
    const d = p2pDecision(t, "gpu1", "gpu0");
    // The root port above the common switch redirects too, but traffic never reaches it.
    expect(d.acsRedirectPorts).toEqual([{ kind: "downstream-port", switchId: "sw1", toward: "gpu0" }]);
    expect(d.warning).toContain("pci=disable_acs_redir=sw1");
  });

  it("names each redirecting switch or root port once in the disable_acs_redir hint, provider side first", () => {
    const t = tree([
      rootPort("rp0"),
      pcieSwitch("sw0", "rp0"),
      pcieSwitch("sw1", "sw0", ACS_REDIRECT),
      pcieSwitch("sw2", "sw0", ACS_REDIRECT),
      endpoint("gpu0", "sw1"),
      endpoint("gpu1", "sw2"),
    ]);
    expect(p2pDecision(t, "gpu0", "gpu1").warning).toContain("pci=disable_acs_redir=sw1;sw2");
    const functions = tree([rootPort("rp0", "hb0", ACS_REDIRECT), endpoint("nic0", "rp0"), fn("nic0.1", "nic0")]);
    const d = p2pDecision(functions, "nic0", "nic0.1");
    expect(d.reason).toBe("ACS redirect on root port rp0; host bridge 8086:2030 is on the allow-list");
    expect(d.warning).toContain("pci=disable_acs_redir=rp0");
  });

  it("turns redirect on when the IOMMU is enabled, and the kernel parameter turns it back off", () => {
    const translated = { hostBridges: [hostBridge("hb0", "s0", UNLISTED_INTEL, "translated")] };
    expect(p2pDecision(oneSwitch(ACS_CAPABLE, translated), "nvme0", "nvme1").mapType).toBe("NOT_SUPPORTED");
    const disabled = { ...translated, disableAcsRedir: ["sw0"] };
    expect(p2pDecision(oneSwitch(ACS_CAPABLE, disabled), "nvme0", "nvme1").mapType).toBe("BUS_ADDR");
  });

  it("sends traffic between two root ports of an allowed Intel host bridge through it (PHB)", () => {
    const d = p2pDecision(twoRootPorts(), "nvme0", "nvme1");
    expect(d).toMatchObject({ mapType: "THRU_HOST_BRIDGE", topo: "PHB", commonBridge: undefined, warning: undefined });
    // Both chains to beyond their root ports: endpoint + root port on each side.
    expect(d.distance).toBe(4);
    expect(d.reason).toBe("no common upstream bridge (root ports rp0 and rp1); host bridge 8086:2030 is on the allow-list");
  });

  it("refuses two root ports of an unlisted Intel host bridge, with only the refusal warning", () => {
    const d = p2pDecision(twoRootPorts(UNLISTED_INTEL), "nvme0", "nvme1");
    expect(d.mapType).toBe("NOT_SUPPORTED");
    expect(d.reason).toBe("no common upstream bridge (root ports rp0 and rp1); host bridge 8086:1234 not on the allow-list");
    expect(d.warning).toBe(
      "nvme1: cannot be used for peer-to-peer DMA as the client and provider (nvme0) do not share an upstream bridge or whitelisted host bridge",
    );
  });

  it("counts switch levels into the distance when there is no common bridge", () => {
    const t = tree([rootPort("rp0"), rootPort("rp1"), pcieSwitch("sw0", "rp0"), endpoint("gpu0", "sw0"), endpoint("nic0", "rp1")]);
    // gpu0, sw0 port to gpu0, sw0 upstream port, rp0 (4) + nic0, rp1 (2)
    expect(p2pDecision(t, "gpu0", "nic0").distance).toBe(6);
  });

  it("throws for an id that is not an endpoint", () => {
    expect(() => p2pDecision(oneSwitch(), "sw0", "nvme1")).toThrow("node sw0: not an endpoint");
    expect(() => p2pDecision(oneSwitch(), "nvme9", "nvme1")).toThrow("no node 'nvme9'");
  });
});
