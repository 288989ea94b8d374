/** `links.csv`: one tidy row per variant x link x direction. */
import type { CsvValue } from "./csv.js";
import type { Summary } from "./types.js";

/** Column order of `links.csv`. */
export const LINK_COLUMNS = ["path", "link", "direction", "bytes", "wireBytes", "tlps", "utilization", "creditStallNs"] as const;

/** One row of `links.csv`. */
export type LinkRow = Record<(typeof LINK_COLUMNS)[number], CsvValue>;

/** The rows of `links.csv`, variants in summary order, links in each variant's order. */
export function linkRows(summary: Summary): LinkRow[] {
  return summary.variants.flatMap((variant) =>
    variant.links.map((l) => ({
      path: variant.path,
      link: l.link,
      direction: l.direction,
      bytes: l.bytes,
      wireBytes: l.wireBytes,
      tlps: l.tlps,
      utilization: l.utilization,
      creditStallNs: l.creditStallNs,
    })),
  );
}
