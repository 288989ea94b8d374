/**
 * JSON text whose bytes depend only on the value, not on how its objects were built: keys come in
 * the order of the output contract (src/contract.ts), any other keys after them in
 * alphabetical order; 2-space indent; numbers as JavaScript prints them (shortest round trip).
 */

/** Contract field names in the order a reader expects them; keys not listed sort after, A-Z. */
const KEY_ORDER = [
  "scenario", "description", "seed", "assumptions", "variants",
  "flow", "path", "flows", "route", "supported", "note", "kernel",
  "mapType", "distance", "topo", "reason", "warning",
  "bytes", "wireBytes", "tlps", "durationNs", "throughputGBps", "iops", "latencyNs",
  "mean", "p50", "p90", "p99", "p999", "max", "warnings",
  "links", "link", "direction", "utilization", "creditStallNs",
  "dram", "sockets", "socket", "interconnect", "from", "to", "iommu", "lookups", "hits", "misses", "walks",
  "events", "simulatedNs",
] as const;

const RANK: ReadonlyMap<string, number> = new Map(KEY_ORDER.map((key, i) => [key, i]));

function compareKeys(a: string, b: string): number {
  const ra = RANK.get(a) ?? KEY_ORDER.length;
  const rb = RANK.get(b) ?? KEY_ORDER.length;
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => compareKeys(a, b));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/**
 * `value` as canonical JSON text with a final newline.
 * @example canonicalJson({ seed: 1, scenario: "x" }) // '{\n  "scenario": "x",\n  "seed": 1\n}\n'
 */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(canonical(value), null, 2)}\n`;
}
