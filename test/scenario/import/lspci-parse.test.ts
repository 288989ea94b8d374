import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/messages.js";
import { parseLspci } from "../../../src/scenario/import/lspci-parse.js";
import { parseLspciTree } from "../../../src/scenario/import/lspci-tree.js";

const NVME_NN = [
  "0000:19:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller PM173X [144d:a824] (prog-if 02 [NVM Express])",
  "\tRegion 0: Memory at b8610000 (64-bit, non-prefetchable) [size=32K]",
  "\tRegion 2: Memory at 3fff0000000 (64-bit, prefetchable) [size=512M]",
  "\tCapabilities: [70] Express (v2) Endpoint, MSI 00",
  "\t\tDevCap:\tMaxPayload 512 bytes, PhantFunc 0, Latency L0s unlimited, L1 unlimited",
  "\t\t\tExtTag+ AttnBtn- AttnInd- PwrInd- RBE+ FLReset+ SlotPowerLimit 0.000W",
  "\t\tDevCtl:\tCorrErr- NonFatalErr+ FatalErr+ UnsupReq+",
  "\t\t\tRlxdOrd+ ExtTag+ PhantFunc- AuxPwr- NoSnoop+ FLReset-",
  "\t\t\tMaxPayload 256 bytes, MaxReadReq 1024 bytes",
  "\t\tLnkCap:\tPort #0, Speed 16GT/s, Width x4, ASPM not supported",
  "\t\tLnkSta:\tSpeed 16GT/s (ok), Width x2 (downgraded)",
  "\t\t\tTrErr- Train- SlotClk+ DLActive- BWMgmt- ABWMgmt-",
  "\tCapabilities: [1c0 v1] Address Translation Service (ATS)",
  "\t\tATSCtl:\tEnable+, Smallest Translation Unit: 00",
  "\tNUMA node: 1",
  "\tKernel driver in use: nvme",
  "",
].join("\n");

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected a UsageError");
};

describe("the lspci -vvv record parser", () => {
  it("reads class, IDs, Express port type, payload sizes, links, BARs, ATS, NUMA node and driver of a -nn record", () => {
    const [d] = parseLspci(NVME_NN, "box.txt").devices;
    expect(d).toMatchObject({
      bdf: "0000:19:00.0",
      where: "box.txt:1",
      classCode: 0x010802,
      vendorId: 0x144d,
      deviceId: 0xa824,
      name: "Samsung Electronics Co Ltd NVMe SSD Controller PM173X",
      portType: "endpoint",
      mpsCap: 512,
      mpsCtl: 256,
      mrrs: 1024,
      tagBits: 8,
      linkCap: { gts: 16, width: 4 },
      linkSta: { gts: 16, width: 2 },
      ats: true,
      numaNode: 1,
      driver: "nvme",
      capabilitiesSeen: true,
    });
    expect(d!.bars).toEqual([
      { index: 0, sizeBytes: 32 * 1024, prefetchable: false, io: false },
      { index: 2, sizeBytes: 512 * 2 ** 20, prefetchable: true, io: false },
    ]);
  });

  it("reads the same record without -nn and -D, and with spaces for tabs, by its class name", () => {
    const plain = NVME_NN.replace("0000:19", "19").replace(" [0108]", "").replace(" [144d:a824]", "").replaceAll("\t", "        ");
    const [d] = parseLspci(plain, "box.txt").devices;
    expect(d).toMatchObject({ bdf: "0000:19:00.0", classCode: 0x010802, linkSta: { gts: 16, width: 2 }, mpsCtl: 256 });
    expect(d!.vendorId).toBeUndefined();
  });

  it("takes a record whose capabilities lspci could not read as not seen", () => {
    const text = "01:00.0 Ethernet controller: Intel Corporation I350 Gigabit Network Connection (rev 01)\n\tRegion 0: Memory at 96300000 (32-bit, non-prefetchable) [size=1M]\n\tCapabilities: <access denied>\n";
    const parsed = parseLspci(text, "box.txt");
    expect(parsed.hiddenCapabilities).toBe(1);
    expect(parsed.devices[0]!.capabilitiesSeen).toBe(false);
  });

  it("names the line and what it expected for a line outside any record", () => {
    expect(errorOf(() => parseLspci("hello world\n", "box.txt"))).toBe("box.txt:1: expected a device record such as '00:01.0 PCI bridge: ...' (lspci -vvv), found 'hello world'");
    expect(errorOf(() => parseLspci("\tLnkSta:\tSpeed 8GT/s, Width x8\n", "box.txt"))).toMatch(/^box\.txt:1: expected a device record/);
  });

  it("names the line of a link status, payload size or bus line it cannot read", () => {
    const badSpeed = NVME_NN.replace("Speed 16GT/s (ok), Width x2 (downgraded)", "Speed 9GT/s, Width x2");
    expect(errorOf(() => parseLspci(badSpeed, "box.txt"))).toMatch(/^box\.txt:11: LnkSta: 'Speed 9GT\/s, Width x2 TrErr- .*' is not a PCIe rate: Speed 2\.5, 5, 8, 16, 32 or 64GT\/s$/);
    const truncated = NVME_NN.replace("Speed 16GT/s (ok), Width x2 (downgraded)", "Speed 16G");
    expect(errorOf(() => parseLspci(truncated.split("\n").slice(0, 11).join("\n"), "box.txt"))).toBe("box.txt:11: LnkSta: 'Speed 16G' is not 'Speed NGT/s, Width xN'");
    const badPayload = NVME_NN.replace("MaxPayload 512 bytes", "MaxPayload 384 bytes");
    expect(errorOf(() => parseLspci(badPayload, "box.txt"))).toMatch(/^box\.txt:5: DevCap: '.*' is not a payload size of 128 to 4096 bytes/);
  });

  it("rejects an address that appears twice, and plain lspci without details", () => {
    expect(errorOf(() => parseLspci(`${NVME_NN}\n${NVME_NN}`, "box.txt"))).toBe("box.txt:18: 0000:19:00.0 appears twice (first at box.txt:1)");
    expect(errorOf(() => parseLspci("00:00.0 Host bridge: Intel Corporation Device 09a2\n00:01.0 PCI bridge: Intel Corporation Device 347a\n", "box.txt"))).toMatch(/these records have no details \(was it plain lspci\?\)/);
    expect(errorOf(() => parseLspci("\n\n", "box.txt"))).toMatch(/^box\.txt: no PCI device found/);
  });
});

describe("the lspci -tv drawing parser", () => {
  const DRAWING = [
    "-+-[0000:80]-+-00.0-[81]--",
    " |           \\-02.0-[82]----00.0  Intel Corporation Ethernet Controller X710 for 10GbE SFP+",
    " \\-[0000:00]-+-00.0  Intel Corporation Xeon E7 v3/Xeon E5 v3/Core i7 DMI2",
    "             +-03.0-[02-04]----00.0-[03-04]--+-00.0-[04]----00.0  Samsung Electronics Co Ltd NVMe SSD Controller PM173X",
    "             |                               \\-01.0-[05]--",
    "             \\-1f.0  Intel Corporation C610/X99 series chipset LPC Controller",
  ].join("\n");

  it("places every device on its bus, below the bridge whose secondary bus it is", () => {
    const entries = parseLspciTree(DRAWING, "tree.txt");
    expect(entries.map((e) => [e.bdf, e.placement.parent ?? "-", e.placement.rootBus])).toEqual([
      ["0000:80:00.0", "-", "0000:80"],
      ["0000:80:02.0", "-", "0000:80"],
      ["0000:82:00.0", "0000:80:02.0", "0000:80"],
      ["0000:00:00.0", "-", "0000:00"],
      ["0000:00:03.0", "-", "0000:00"],
      ["0000:02:00.0", "0000:00:03.0", "0000:00"],
      ["0000:03:00.0", "0000:02:00.0", "0000:00"],
      ["0000:04:00.0", "0000:03:00.0", "0000:00"],
      ["0000:03:01.0", "0000:02:00.0", "0000:00"],
      ["0000:00:1f.0", "-", "0000:00"],
    ]);
    expect(entries.find((e) => e.bdf === "0000:00:03.0")?.secondary).toBe(2);
  });

  it("names the line of a drawing it cannot read", () => {
    expect(errorOf(() => parseLspciTree("-[0000:00]-+-00.0  Intel\nthis is not a tree\n", "tree.txt"))).toBe(
      "tree.txt:2: expected a line of 'lspci -tv' such as '-[0000:00]-+-00.0  Intel ...', found 'this is not a tree'",
    );
  });
});
