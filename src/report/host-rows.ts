/**
 * `host.csv`: the host side of each variant, one tidy row per variant x resource: each socket's
 * DRAM, each direction of the socket interconnect, and the IOMMUs (their counters summed).
 * Columns that do not apply to a resource are empty.
 */
import type { CsvValue } from "./csv.js";
import type { Summary } from "./types.js";

/** Column order of `host.csv`. */
export const HOST_COLUMNS = ["path", "resource", "kind", "bytes", "utilization", "lookups", "hits", "misses", "walks"] as const;

/** One row of `host.csv`. */
export type HostRow = Record<(typeof HOST_COLUMNS)[number], CsvValue>;

const NONE = { lookups: "", hits: "", misses: "", walks: "" } as const;

/** The rows of `host.csv`, variants in summary order. */
export function hostRows(summary: Summary): HostRow[] {
  return summary.variants.flatMap((v) => [
    ...v.dram.sockets.map((s) => ({ path: v.path, resource: `${s.socket} DRAM`, kind: "dram", bytes: s.bytes, utilization: s.utilization, ...NONE })),
    ...(v.interconnect ?? []).map((i) => ({ path: v.path, resource: `${i.from}>${i.to}`, kind: "interconnect", bytes: i.bytes, utilization: i.utilization, ...NONE })),
    { path: v.path, resource: "IOMMU", kind: "iommu", bytes: "", utilization: "", ...v.iommu },
  ]);
}
