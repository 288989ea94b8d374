/** The `workloads` block: logical transfers, each from a source to a destination. */
import { z } from "zod";
import { count, id, size, time } from "./quantity-schema.js";

export const Workload = z
  .object({
    name: id(),
    from: id().describe("source: an endpoint id, or a socket id for host memory"),
    to: id().describe("destination: an endpoint id, or a socket id"),
    size: size().optional().describe("bytes to move in all (or give a duration)"),
    duration: time().optional().describe("run this long instead of a fixed size"),
    io: size().prefault("128KiB").describe("bytes per I/O"),
    queueDepth: count(1, 65536).default(8).describe("I/Os in flight"),
    pattern: z.enum(["sequential", "random"]).default("sequential").describe("order of host-memory addresses"),
    workingSet: size().prefault("1GiB").describe("host-memory range the I/O addresses cover"),
    start: time().prefault("0ns").describe("when the workload starts"),
    chunk: size().optional().describe("pipelining granularity through the staging buffer (default min(io, 128KiB))"),
    bounce: z
      .object({
        socket: id().optional().describe("socket whose DRAM holds the bounce buffers (default the source's)"),
        buffers: count(1, 1048576).optional().describe("chunks the DRAM bounce buffers hold (bounce only); default: enough for queueDepth I/Os in flight; fewer caps the I/Os in flight and is reported as a warning"),
      })
      .strict()
      .optional(),
    p2p: z
      .object({
        buffers: count(1, 1048576).optional().describe("chunks the P2P staging buffer in the provider's BAR holds (P2P only); default: enough for queueDepth I/Os in flight, or what the BAR holds if less (reported as a warning)"),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Workload = z.infer<typeof Workload>;
