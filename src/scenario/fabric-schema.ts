/** The `fabric` block: the PCIe tree, one entry per root port, switch and endpoint. */
import { z } from "zod";
import { count, id, link, payloadSize, rate, size, time } from "./quantity-schema.js";

export const Acs = z
  .object({
    capable: z.boolean().default(true).describe("the port implements ACS (Linux turns redirect on when an IOMMU is enabled)"),
    redirect: z.boolean().optional().describe("shorthand for requestRedirect and completionRedirect together"),
    requestRedirect: z.boolean().default(false).describe("P2P Request Redirect: requests to a peer go up to the root complex"),
    completionRedirect: z.boolean().default(false).describe("P2P Completion Redirect"),
    egressControl: z.boolean().default(false).describe("P2P Egress Control"),
    directTranslated: z.boolean().default(false).describe("Direct Translated P2P: ATS-translated requests go straight to the peer"),
  })
  .strict()
  .transform(({ redirect, ...acs }) => (redirect === undefined ? acs : { ...acs, requestRedirect: redirect, completionRedirect: redirect }));

/**
 * A port's receive buffers, which set the flow-control credits it advertises. Data buffers in
 * bytes (16 B a credit); unset fields keep the port type's defaults.
 */
export const Buffers = z
  .object({
    postedHeaders: count(1, 4096).optional().describe("posted request headers (PH credits)"),
    postedData: size().optional().describe("posted data buffer (PD credits x 16 B), at least one MPS"),
    nonPostedHeaders: count(1, 4096).optional().describe("non-posted request headers (NPH credits)"),
    completionHeaders: count(1, 4096).optional().describe("completion headers (CplH); not for endpoints, whose completion buffers are infinite"),
    completionData: size().optional().describe("completion data buffer (CplD credits x 16 B); not for endpoints"),
  })
  .strict();

export const RootPort = z
  .object({
    id: id(),
    type: z.literal("root-port"),
    hostBridge: id().describe("host bridge id"),
    acs: Acs.prefault({}),
    buffers: Buffers.optional().describe("receive buffers of the root port (default: 128 headers, 32 KiB posted data, infinite completions)"),
  })
  .strict();

export const Switch = z
  .object({
    id: id(),
    type: z.literal("switch"),
    parent: id().describe("root port or switch above"),
    link: link().describe("link to the parent"),
    latency: time().prefault("105ns").describe("port-to-port cut-through latency (~105 ns Broadcom PEX88000 Gen4, ~150 ns PEX9700 Gen3)"),
    acs: Acs.prefault({}).describe("ACS of every downstream port"),
    buffers: Buffers.optional().describe("receive buffers of each port (default: 64 headers, 16 KiB posted and 16 KiB completion data)"),
  })
  .strict();

export const Endpoint = z
  .object({
    id: id(),
    type: z.literal("endpoint"),
    kind: z
      .enum(["nic", "ssd", "gpu", "accelerator", "generic"])
      .default("generic")
      .describe("what the device is; picks physical defaults (a NIC's wire is full duplex, an SSD's flash reads and writes share its channels); see docs/design.md"),
    parent: id().optional().describe("root port or switch above (absent for a further function of a device)"),
    link: link().optional().describe("link to the parent"),
    functionOf: id().optional().describe("id of the endpoint whose device this is another function of"),
    dma: z
      .object({
        mps: payloadSize().prefault(256).describe("largest payload the device supports"),
        mrrs: payloadSize().prefault(512).describe("Maximum Read Request Size"),
        tags: count(1, 768).default(256).describe("outstanding reads (8-bit tags: 256, 10-bit: up to 768)"),
        tlpRate: z.number().positive().optional().describe("TLPs per second the DMA engine can issue (default no limit)"),
      })
      .strict()
      .prefault({}),
    bar: z
      .object({
        size: size().describe("BAR memory size (up to 256 GiB)"),
        latency: time().prefault("300ns").describe("read latency of the BAR memory (the mean, when latencyP99 is given)"),
        latencyP99: time().optional().describe("99th percentile of the read latency: each access then draws its latency from a lognormal distribution with this mean and p99 (seeded); default: every access takes `latency`"),
        bandwidth: rate().prefault("8GB/s").describe("throughput of the BAR memory"),
      })
      .strict()
      .optional()
      .describe("memory peers can target (NVMe CMB, GPU BAR)"),
    media: z
      .object({
        rate: rate().describe("rate at which the device produces data (reads its flash, receives from its wire)"),
        writeRate: rate().optional().describe("rate at which it consumes data (writes its flash, sends on its wire); default: `rate`, but for kind ssd 60 % of it (Gen4 TLC datacentre SSDs write at 55-65 % of their read rate), reported as an assumption"),
        duplex: z.enum(["full", "shared"]).optional().describe("full: producing and consuming run side by side (a NIC's wire carries `rate` each way); shared: they take turns on the same channels (an SSD's flash); default by kind: shared for ssd, full otherwise"),
        latency: time().prefault("0ns").describe("latency of each chunk on the media (the mean, when latencyP99 is given)"),
        latencyP99: time().optional().describe("99th percentile of the chunk latency: each chunk then draws its latency from a lognormal distribution with this mean and p99 (seeded), as NAND reads have a tail; default: every chunk takes `latency`"),
      })
      .strict()
      .optional(),
    ats: z.object({ entries: count(1, 65536).default(64).describe("device translation cache entries") }).strict().optional().describe("ATS: the device caches translations and sends translated requests"),
    buffers: Buffers.optional().describe("receive buffers for requests from peers (default: 128 headers, 32 KiB posted data); completion buffers are infinite"),
  })
  .strict();

export const FabricNode = z.discriminatedUnion("type", [RootPort, Switch, Endpoint]);
export type FabricNode = z.infer<typeof FabricNode>;
