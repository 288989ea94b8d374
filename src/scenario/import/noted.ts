/**
 * Scenario fields with the note that goes beside them: what an import plans before it is written
 * as YAML (`to-scenario.ts` turns each note into a real YAML comment) or handed to the schema as
 * plain data.
 */

/** One key of a mapping, its value, and the comment written beside it. */
export interface NotedField {
  readonly key: string;
  readonly value: unknown;
  readonly note?: string;
}

/** A mapping (a fabric node, a host bridge, ...) with a comment above it. */
export interface NotedEntry {
  readonly before?: string;
  readonly fields: readonly NotedField[];
}

/** A field, leaving the note out when there is none. */
export function noted(key: string, value: unknown, note?: string): NotedField {
  return note === undefined || note === "" ? { key, value } : { key, value, note };
}

/** The plain data of an entry. */
export function entryData(entry: NotedEntry): Record<string, unknown> {
  return Object.fromEntries(entry.fields.map((f) => [f.key, f.value]));
}

/** Bytes as a scenario writes them: `512MiB`, `16KiB`, `1500B`. */
export function sizeText(bytes: number): string {
  for (const [unit, scale] of [["TiB", 2 ** 40], ["GiB", 2 ** 30], ["MiB", 2 ** 20], ["KiB", 2 ** 10]] as const) {
    if (bytes >= scale && bytes % scale === 0) return `${bytes / scale}${unit}`;
  }
  return `${bytes}B`;
}
