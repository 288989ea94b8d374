/**
 * The text of a `--trace` file: Chrome's trace-event JSON object format (`traceEvents`, times in
 * microseconds), which Perfetto's UI and chrome://tracing open. Deterministic: the same events give
 * the same bytes.
 */
import type { TraceEvent } from "./types.js";

export function traceJson(events: readonly TraceEvent[], about: Record<string, unknown>): string {
  const lines = events.map((e) => JSON.stringify(e));
  return `{"displayTimeUnit":"ns","otherData":${JSON.stringify(about)},"traceEvents":[\n${lines.join(",\n")}\n]}\n`;
}
