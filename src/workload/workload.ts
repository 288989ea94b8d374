/** A workload as a scenario names it: a logical transfer, independent of the path it takes. */

import type { PathVariant } from "../contract.js";

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
  /** Bounce buffers: the socket whose DRAM holds them (default the source's) and how many chunks (default: enough for the queue depth). */
  bounce?: { socket?: string; buffers?: number };
  /** The P2P staging buffer in the provider's BAR: how many chunks (default: enough for the queue depth, if the BAR holds them). */
  p2p?: { buffers?: number };
}

/**
 * A variant of a run: each workload's path. `p2p`, `bounce`, `auto` and `p2p:<device>` give every
 * workload the same path; a mixed variant names a path per workload.
 */
export interface VariantSpec {
  /** Names the variant in results: the path for a uniform variant, the given name for a mixed one. */
  name: string;
  /** Path per workload name; workloads not named take `fallback`. */
  paths: Readonly<Record<string, PathVariant>>;
  fallback: PathVariant;
}

/** The path `variant` gives `workload`. */
export function pathFor(variant: VariantSpec, workload: string): PathVariant {
  return Object.hasOwn(variant.paths, workload) ? variant.paths[workload]! : variant.fallback;
}

/** A variant where every workload takes `path`. */
export function uniformVariant(path: PathVariant): VariantSpec {
  return { name: path, paths: {}, fallback: path };
}
