import { describe, expect, it } from "vitest";
import { acsRedirectDisabled, effectiveAcs, hasAcsRedirect, portAcs } from "../../src/kernel/acs.js";
import { p2pDecision } from "../../src/kernel/decision.js";
import { ACS_CAPABLE, ACS_REDIRECT, hostBridge, NO_ACS, oneSwitch } from "./topologies.js";

const EGRESS = { ...ACS_CAPABLE, egressControl: true, directTranslated: true };

describe("effective ACS (pci_enable_acs)", () => {
  it("leaves a capable port as firmware set it when there is no IOMMU", () => {
    expect(hasAcsRedirect(effectiveAcs(ACS_CAPABLE, "off", false))).toBe(false);
    expect(effectiveAcs(ACS_REDIRECT, "off", false)).toMatchObject({ requestRedirect: true, completionRedirect: true });
  });

  it("turns on request and completion redirect, not egress control, when an IOMMU translates", () => {
    expect(effectiveAcs(ACS_CAPABLE, "translated", false)).toEqual({
      requestRedirect: true,
      completionRedirect: true,
      egressControl: false,
      directTranslated: false,
    });
  });

  it("turns redirect on in passthrough too, since the IOMMU driver requests ACS when it is detected", () => {
    expect(hasAcsRedirect(effectiveAcs(ACS_CAPABLE, "passthrough", false))).toBe(true);
  });

  it("never reports redirect on a port without the ACS capability", () => {
    expect(hasAcsRedirect(effectiveAcs({ ...NO_ACS, requestRedirect: true }, "translated", false))).toBe(false);
  });

  it("clears request, completion redirect and egress control on a port named by disable_acs_redir", () => {
    expect(effectiveAcs(EGRESS, "translated", true)).toEqual({
      requestRedirect: false,
      completionRedirect: false,
      egressControl: false,
      directTranslated: true,
    });
    expect(hasAcsRedirect(effectiveAcs(ACS_REDIRECT, "off", true))).toBe(false);
  });

  it("counts egress control alone as redirect, as pci_bridge_has_acs_redir does", () => {
    expect(hasAcsRedirect(effectiveAcs(EGRESS, "off", false))).toBe(true);
  });

  it("matches disable_acs_redir by port id or 'all'", () => {
    expect(acsRedirectDisabled({ disableAcsRedir: ["sw0", "rp1"] }, "rp1")).toBe(true);
    expect(acsRedirectDisabled({ disableAcsRedir: ["sw0"] }, "sw1")).toBe(false);
    expect(acsRedirectDisabled({ disableAcsRedir: "all" }, "sw1")).toBe(true);
  });
});

describe("ACS redirect and the IOMMU on a path", () => {
  const translated = (disableAcsRedir: "all" | string[] = []) => ({
    hostBridges: [hostBridge("hb0", "s0", "8086:2030", "translated")],
    disableAcsRedir,
  });

  it("uses the IOMMU mode of the port's host bridge", () => {
    expect(portAcs(oneSwitch(ACS_CAPABLE, translated()), "sw0").requestRedirect).toBe(true);
    expect(portAcs(oneSwitch(ACS_CAPABLE), "sw0").requestRedirect).toBe(false);
  });

  it("sends two devices on one switch through the host bridge when the IOMMU translates", () => {
    expect(p2pDecision(oneSwitch(ACS_CAPABLE, translated()), "nvme0", "nvme1").mapType).toBe("THRU_HOST_BRIDGE");
  });

  it("keeps them on the switch when disable_acs_redir names the switch", () => {
    expect(p2pDecision(oneSwitch(ACS_CAPABLE, translated(["sw0"])), "nvme0", "nvme1").mapType).toBe("BUS_ADDR");
  });

  it("keeps them on the switch when disable_acs_redir is 'all'", () => {
    expect(p2pDecision(oneSwitch(ACS_CAPABLE, translated("all")), "nvme0", "nvme1").mapType).toBe("BUS_ADDR");
  });

  it("does not help when disable_acs_redir names another port", () => {
    expect(p2pDecision(oneSwitch(ACS_CAPABLE, translated(["rp0"])), "nvme0", "nvme1").mapType).toBe("THRU_HOST_BRIDGE");
  });

  it("throws when asked for the ACS of an endpoint", () => {
    expect(() => portAcs(oneSwitch(), "nvme0")).toThrow("node nvme0: not a root port or switch");
  });
});
