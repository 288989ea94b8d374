import { describe, expect, it } from "vitest";
import { distanceMany, findProvider } from "../../src/kernel/provider.js";
import { ACS_REDIRECT, endpoint, hostBridge, pcieSwitch, rootPort, tree, UNLISTED_INTEL } from "./topologies.js";

/** rp0 - sw0 - { sw1 - { nvme0, cmb0 }, cmb1, nic0 (no BAR) }; rp1 - cmb2 */
function rig(options = {}) {
  return tree(
    [
      rootPort("rp0"),
      rootPort("rp1"),
      pcieSwitch("sw0", "rp0"),
      pcieSwitch("sw1", "sw0"),
      endpoint("nvme0", "sw1", false),
      endpoint("cmb0", "sw1"),
      endpoint("cmb1", "sw0"),
      endpoint("nic0", "sw0", false),
      endpoint("cmb2", "rp1"),
    ],
    options,
  );
}

describe("pci_p2pdma_distance_many", () => {
  it("sums the distances to every client", () => {
    // cmb0 -> nvme0: 4 (same switch); cmb0 -> nic0: 2 up to sw0's upstream port + 2 down = 6
    expect(distanceMany(rig(), "cmb0", ["nvme0", "nic0"])).toBe(10);
  });

  it("rules a provider out when some client is not supported", () => {
    const t = rig({ hostBridges: [hostBridge("hb0", "s0", UNLISTED_INTEL)] });
    expect(distanceMany(t, "cmb2", ["nvme0"])).toBeUndefined();
    expect(distanceMany(t, "cmb0", [])).toBeUndefined();
  });
});

describe("pci_p2pmem_find_many", () => {
  it("picks the provider nearest to all clients", () => {
    expect(findProvider(rig(), ["nvme0"])).toEqual({ provider: "cmb0", distance: 4, alsoClosest: [] });
  });

  it("prefers a client that is itself a provider (distance 0)", () => {
    expect(findProvider(rig(), ["cmb1"])?.provider).toBe("cmb1");
  });

  it("picks the first in topology order among equally near providers, and names the others", () => {
    // From nic0, cmb1 is 4 away and cmb0 6; from nvme0, cmb0 is 4 and cmb1 6: a tie at 10.
    expect(findProvider(rig(), ["nvme0", "nic0"])).toEqual({ provider: "cmb0", distance: 10, alsoClosest: ["cmb1"] });
    expect(findProvider(rig(), ["nic0", "nvme0"])?.provider).toBe("cmb0");
  });

  it("skips providers Linux refuses and returns undefined when none is left", () => {
    const t = rig({ hostBridges: [hostBridge("hb0", "s0", UNLISTED_INTEL)] });
    expect(findProvider(t, ["nvme0"], ["cmb2", "cmb1"])?.provider).toBe("cmb1");
    expect(findProvider(t, ["nvme0"], ["cmb2"])).toBeUndefined();
  });

  it("still uses a redirected provider through an allowed host bridge, ranked by distance", () => {
    const t = tree([rootPort("rp0"), pcieSwitch("sw0", "rp0", ACS_REDIRECT), endpoint("nvme0", "sw0", false), endpoint("cmb0", "sw0")]);
    expect(findProvider(t, ["nvme0"])).toEqual({ provider: "cmb0", distance: 4, alsoClosest: [] });
  });
});
