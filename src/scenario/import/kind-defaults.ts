/**
 * What an import assumes where a capture cannot know: a device's media (an SSD's flash, a NIC's
 * wire), the latency and bandwidth of BAR memory, a switch's latency, and a link when none was
 * captured. Each assumption comes with the words that say so in the imported scenario. Figures
 * are round numbers of their class of device, in line with the scenario library (docs/design.md).
 */
import type { EndpointKind } from "../../fabric/topology.js";

/** An assumed value and why. */
export interface Assumed<T> {
  readonly value: T;
  readonly why: string;
}

/** An SSD's flash by the generation of its link: read rate, write rate, latency. */
const SSD_MEDIA: Readonly<Record<number, { rate: string; writeRate: string; class: string }>> = {
  1: { rate: "0.5GB/s", writeRate: "0.4GB/s", class: "a SATA-class SSD" },
  2: { rate: "1.5GB/s", writeRate: "1GB/s", class: "a Gen2 NVMe SSD" },
  3: { rate: "3.2GB/s", writeRate: "2GB/s", class: "a Gen3 x4 datacentre NVMe SSD" },
  4: { rate: "6.5GB/s", writeRate: "4GB/s", class: "a Gen4 x4 datacentre NVMe SSD" },
  5: { rate: "12GB/s", writeRate: "8GB/s", class: "a Gen5 x4 datacentre NVMe SSD" },
  6: { rate: "24GB/s", writeRate: "16GB/s", class: "a Gen6 NVMe SSD" },
};

/** Media of an endpoint of `kind` whose link is of generation `gen`; `undefined` for none. */
export function assumedMedia(kind: EndpointKind, gen: number, lineRateMbps: number | undefined): Assumed<Record<string, string>> | undefined {
  if (kind === "ssd") {
    const m = SSD_MEDIA[gen] ?? SSD_MEDIA[4]!;
    return { value: { rate: m.rate, writeRate: m.writeRate, latency: "10us" }, why: `${m.class}: reads ${m.rate}, writes ${m.writeRate}, 10 us a chunk` };
  }
  if (kind === "nic") {
    if (lineRateMbps !== undefined && lineRateMbps > 0) {
      return { value: { rate: `${lineRateMbps / 8000}GB/s`, latency: "1us" }, why: `latency 1 us` };
    }
    return { value: { rate: "12.5GB/s", latency: "1us" }, why: "a 100 Gb/s port (12.5 GB/s line rate), 1 us a chunk" };
  }
  return undefined;
}

/** Latency and bandwidth of BAR memory peers target, by kind. */
export function assumedBar(kind: EndpointKind): Assumed<{ latency: string; bandwidth: string }> {
  if (kind === "gpu") return { value: { latency: "500ns", bandwidth: "40GB/s" }, why: "GPU memory behind its BAR, faster than any PCIe link" };
  if (kind === "ssd") return { value: { latency: "300ns", bandwidth: "8GB/s" }, why: "an SSD's controller memory buffer (CMB)" };
  return { value: { latency: "300ns", bandwidth: "8GB/s" }, why: "device memory" };
}

/** A GPU's BAR when the capture gives none (NCCL's topology). */
export const ASSUMED_GPU_BAR = { size: "32GiB", why: "the capture gives no BARs; a data-centre GPU's BAR1 of 32 GiB" } as const;

/** Smallest prefetchable BAR an import offers peers as memory. */
export const MIN_PROVIDER_BAR_BYTES = 2 ** 20;

/** A switch's port-to-port latency by the generation of its upstream link. */
export function assumedSwitchLatency(gen: number): Assumed<string> {
  return gen >= 4
    ? { value: "105ns", why: "cut-through latency of a Gen4 switch (Broadcom PEX88000 class)" }
    : { value: "150ns", why: "cut-through latency of a Gen3 switch (PEX9700 class)" };
}

/** A link when the capture has none, by kind. */
export function assumedLink(kind: EndpointKind | "switch"): Assumed<string> {
  const links: Record<string, string> = { ssd: "gen3x4", nic: "gen3x8", gpu: "gen3x16", accelerator: "gen3x16", generic: "gen3x4", switch: "gen3x16" };
  const what: Record<string, string> = { ssd: "an NVMe SSD", nic: "a NIC", gpu: "a GPU", accelerator: "an accelerator", generic: "a device", switch: "a switch" };
  return { value: links[kind]!, why: `the capture shows no link status; a common link for ${what[kind]!}` };
}

/** Payload sizes and tags when not captured. */
export const ASSUMED_DMA = { mps: 256, mrrs: 512, tags: 256 } as const;

/** Size, I/O size and queue depth of the workload an import adds so the scenario runs at once. */
export const DEFAULT_WORKLOAD = { size: "8MiB", io: "128KiB", queueDepth: 8 } as const;
