/** A workload as a scenario names it: a logical transfer, independent of the path it takes. */

export type { PathVariant } from "../contract.js";

export interface WorkloadSpec {
  name: string;
  /** Source: an endpoint id, or a socket id for host memory. */
  from: string;
  /** Destination: an endpoint id, or a socket id. */
  to: string;
  /** Bytes to move; Infinity with `durationPs` for a timed workload. */
  totalBytes: number;
  /** Stop starting I/Os this long after the start. */
  durationPs?: number;
  ioBytes: number;
  queueDepth: number;
  pattern: "sequential" | "random";
  /** Host-memory working set the I/O addresses range over (host memory as source or destination). */
  workingSetBytes: number;
  startPs: number;
  /** Pipelining granularity through the staging buffer; default min(I/O, 128 KiB). */
  chunkBytes?: number;
  /** Bounce buffers: the socket whose DRAM holds them (default the source's) and how many chunks. */
  bounce?: { socket?: string; buffers?: number };
}
