/** The `platform` block of a scenario: CPU, sockets, interconnect, host bridges, kernel settings. */
import { z } from "zod";
import { count, id, payloadSize, rate, size, time } from "./quantity-schema.js";
import { DLLP_FACTOR_MEASURED } from "../pcie/spec.js";

export const Iommu = z
  .object({
    mode: z.enum(["off", "passthrough", "translated"]).default("off").describe("off: no IOMMU; passthrough: identity, no translation cost; translated: every device access is translated"),
    iotlb: z
      .object({
        entries: count(1, 65536).default(64).describe("IOTLB entries"),
        ways: count(1, 65536).default(8).describe("associativity (entries must divide by it)"),
        pageSize: size().prefault("4KiB").describe("IOMMU page size: 4KiB, 2MiB or 1GiB"),
      })
      .strict()
      .prefault({}),
    hitLatency: time().prefault("5ns").describe("IOTLB hit latency"),
    walkLatency: time().prefault("230ns").describe("a full 4-level page walk with 4 KiB pages (each level a quarter of it; 2 MiB pages walk 3 levels, 1 GiB 2); pcie-bench measured ~230 ns on Haswell-EP"),
    walkers: count(1, 1024).default(4).describe("page walks in flight at once"),
    walkCache: count(0, 65536).default(0).describe("page-walk cache entries (upper-level entries; 0 for none)"),
    mapping: z.enum(["static", "strict", "lazy"]).default("static").describe("static: buffers mapped once; strict/lazy: map and unmap per I/O, invalidating at once or in batches"),
  })
  .strict()
  .describe("the host bridge's IOMMU");

export const HostBridgeP2p = z
  .object({
    reads: z.boolean().default(true).describe("forwards peer-to-peer reads between root ports"),
    writes: z.boolean().default(true).describe("forwards peer-to-peer writes between root ports"),
    latency: time().prefault("200ns").describe("latency of the P2P forwarding path"),
    bandwidth: rate().optional().describe("capacity of P2P data forwarded towards each root port (each direction on its own); default: no limit beyond the links, which scale with the PCIe generation"),
    sharedBandwidth: rate().optional().describe("capacity of all P2P data through this host bridge, in or out, every direction together (older root complexes do not sustain full duplex); default: no limit"),
    tlpSize: size().prefault("256B").describe("payload size of the TLPs it emits for forwarded data (64B on Intel)"),
  })
  .strict();

export const HostBridge = z
  .object({
    id: id(),
    socket: id().describe("socket id"),
    deviceId: z.string().regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/, "a vendor:device pair in hex, e.g. 8086:2030").describe("vendor:device of the host bridge (the first device on its root bus)"),
    iommu: Iommu.prefault({}),
    p2p: HostBridgeP2p.prefault({}),
    fabric: z
      .object({
        latency: time().prefault("40ns").describe("internal fabric latency between root ports, IOMMU and memory"),
        bandwidth: rate().prefault("200GB/s").describe("internal fabric bandwidth"),
      })
      .strict()
      .prefault({}),
    remoteReads: count(1, 65536).optional().describe("outstanding 64 B reads the host bridge keeps to another socket's memory (remote read trackers): DMA reads of remote memory run at most remoteReads x 64 B / round trip; default: no limit"),
  })
  .strict();

export const Socket = z
  .object({
    id: id(),
    memory: z
      .object({
        bandwidth: rate().prefault("100GB/s").describe("DRAM bandwidth of the socket"),
        latency: time().prefault("90ns").describe("DRAM access latency"),
      })
      .strict()
      .prefault({}),
    mesh: z
      .object({
        bandwidth: rate().optional().describe("per direction between two host bridges; default: no limit"),
        latency: time().prefault("20ns").describe("added latency between two host bridges of this socket"),
      })
      .strict()
      .prefault({})
      .describe("the socket's internal fabric between its host bridges (Intel's mesh between PCIe stacks, AMD's Infinity Fabric between I/O-die quadrants): P2P between host bridges of one socket (nvidia-smi NODE) crosses it"),
  })
  .strict();

export const Platform = z
  .object({
    cpu: z
      .object({
        vendor: z.enum(["intel", "amd", "other"]).default("intel"),
        family: count(0, 255).default(6).describe("x86 family (AMD Zen is 0x17 = 23 and later)"),
      })
      .strict()
      .prefault({}),
    sockets: z.array(Socket).min(1).prefault([{ id: "s0" }]),
    interconnect: z
      .object({
        bandwidth: rate().prefault("10GB/s").describe("socket interconnect bandwidth per direction (UPI, xGMI)"),
        latency: time().prefault("130ns").describe("one way across the interconnect"),
        io: z
          .object({
            writeEfficiency: z.number().gt(0).max(1).default(1).describe("fraction of the bandwidth device writes to the other socket get (DMA and P2P writes)"),
            readEfficiency: z.number().gt(0).max(1).default(1).describe("fraction of the bandwidth read data coming back from the other socket gets (DMA reads, P2P read completions)"),
          })
          .strict()
          .prefault({})
          .describe("how efficiently the coherent interconnect carries device traffic"),
      })
      .strict()
      .prefault({}),
    hostBridges: z.array(HostBridge).min(1).prefault([{ id: "hb0", socket: "s0", deviceId: "8086:2030" }]),
    kernel: z
      .object({
        disableAcsRedir: z.union([z.literal("all"), z.array(id())]).default([]).describe("pci=disable_acs_redir=: ports (root port or switch ids) where Linux leaves ACS redirect off, or 'all'"),
      })
      .strict()
      .prefault({}),
    mps: payloadSize().optional().describe("MPS Linux sets on every link (default: the largest every device supports)"),
    links: z
      .object({
        dllpFactor: z
          .number()
          .min(0)
          .max(4)
          .default(DLLP_FACTOR_MEASURED)
          .describe(
            "scale of the Ack/UpdateFC DLLP charge on every link, 1 = the PCIe spec's recommended intervals as pcie-bench's model charges them; the default 0.65 is fitted to pcie-bench's Gen3 x8 DMA read measurement (real links coalesce Acks and UpdateFCs; see docs/design.md, Calibration)",
          ),
        latency: time().prefault("20ns").describe("one direction's PHY and wire latency of every link"),
      })
      .strict()
      .prefault({})
      .describe("what every PCIe link of the fabric shares"),
  })
  .strict();

export type Platform = z.infer<typeof Platform>;
