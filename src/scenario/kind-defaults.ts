/**
 * What an endpoint's `kind` fills in when the scenario does not say (docs/design.md, "Device
 * kinds"). Each filled-in value that can move a result is returned as an assumption, which the run
 * reports in its summary, so a default never decides a verdict unseen.
 *
 * - Media duplex: a NIC's wire carries its rate each way at once (full duplex); an SSD's flash
 *   channels serve reads and writes in turn (shared). Other kinds are full duplex.
 * - An SSD's write rate, when not given: 60 % of its read rate. Gen4 TLC datacentre SSDs write at
 *   55-65 % of their sequential read rate (Samsung PM9A3 3.84 TB: 6.9 GB/s read, 4.1 GB/s write;
 *   KIOXIA CM6-R 3.84 TB: 6.9 / 4.2 GB/s; Micron 7450 PRO 3.84 TB: 6.8 / 5.3 GB/s; product data
 *   sheets). Other kinds write at their read rate.
 */
import type { EndpointKind, EndpointSpec } from "../fabric/topology.js";

/** An SSD's write rate as a fraction of its read rate, when the scenario gives none. */
export const SSD_WRITE_FRACTION = 0.6;

/** The media duplex a kind implies. */
export function defaultDuplex(kind: EndpointKind): "full" | "shared" {
  return kind === "ssd" ? "shared" : "full";
}

interface MediaInput {
  rate: number;
  writeRate?: number | undefined;
  duplex?: "full" | "shared" | undefined;
  latency: number;
  latencyP99?: number | undefined;
}

/** The model's media of endpoint `id` of `kind`, and what was assumed to fill it in. */
export function resolveMedia(id: string, kind: EndpointKind, media: MediaInput): { media: NonNullable<EndpointSpec["media"]>; assumptions: string[] } {
  const assumptions: string[] = [];
  let writeRate = media.writeRate;
  if (writeRate === undefined) {
    writeRate = kind === "ssd" ? media.rate * SSD_WRITE_FRACTION : media.rate;
    if (kind === "ssd") assumptions.push(`${id}: media.writeRate not given; assumed ${round(writeRate)} GB/s, ${SSD_WRITE_FRACTION * 100} % of its ${round(media.rate)} GB/s read rate (kind ssd)`);
  }
  let duplex = media.duplex;
  if (duplex === undefined) {
    duplex = defaultDuplex(kind);
    if (kind === "ssd") assumptions.push(`${id}: media reads and writes share the flash channels (kind ssd; media.duplex: full to change)`);
  }
  return {
    media: {
      rateGBps: media.rate,
      writeRateGBps: writeRate,
      duplex,
      latencyPs: media.latency,
      ...(media.latencyP99 !== undefined ? { latencyP99Ps: media.latencyP99 } : {}),
    },
    assumptions,
  };
}

function round(gbps: number): number {
  return Math.round(gbps * 1000) / 1000;
}
