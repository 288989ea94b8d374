/** Plain-text tables for the terminal: right-aligned numbers, left-aligned text. */

export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  // A loop, not Math.max(...column): spreading a column of some 100k rows overflows the call stack.
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? "").length), h.length));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (/^[-+]?[\d.]+%?$/.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** A size in bytes as users write it: `4KiB` when it is a whole number of KiB/MiB/GiB, else `1500B`. */
export function formatSize(bytes: number): string {
  for (const [unit, scale] of [["GiB", 2 ** 30], ["MiB", 2 ** 20], ["KiB", 2 ** 10]] as const) {
    if (bytes >= scale && bytes % scale === 0) return `${bytes / scale}${unit}`;
  }
  return `${bytes}B`;
}
