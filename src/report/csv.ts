/**
 * Tidy CSV text (RFC 4180 quoting): a header row, then one line per row, `\n` line ends. A field
 * is quoted when it holds a comma, a double quote, a line break or leading/trailing space; quotes
 * inside are doubled. Numbers print as JavaScript prints them, booleans as `true`/`false`,
 * a missing value as an empty field.
 */

/** A cell of a tidy table. */
export type CsvValue = string | number | boolean | undefined;

/** One CSV field, quoted where needed. */
export function csvField(value: CsvValue): string {
  if (value === undefined) return "";
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole CSV text of `rows`, with `columns` as the header and as the order of fields. */
export function csvText<C extends string>(columns: readonly C[], rows: Iterable<Readonly<Record<C, CsvValue>>>): string {
  const lines = [columns.map(csvField).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(","));
  return `${lines.join("\n")}\n`;
}
