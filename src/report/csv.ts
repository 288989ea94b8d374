/**
 * Tidy CSV text (RFC 4180 quoting): a header row, then one line per row, `\n` line ends. A field
 * is quoted when it holds a comma, a double quote, a line break or leading/trailing space; quotes
 * inside are doubled. Numbers print as JavaScript prints them (a negative number stays a number),
 * booleans as `true`/`false`, a missing value as an empty field.
 *
 * Formula injection (OWASP, "CSV Injection"): a spreadsheet runs a cell that begins with `=`, `+`,
 * `-`, `@`, a tab or a carriage return as a formula. Text cells that begin so (a scenario, flow or
 * device name, an axis value such as `=HYPERLINK(...)`) get a leading `'` and are quoted, so they
 * stay text; number cells are written as numbers and never changed.
 */

/** A cell of a tidy table. */
export type CsvValue = string | number | boolean | undefined;

/** Leading characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe to open in a spreadsheet: `'` before a formula-like start (OWASP). */
export function neutralized(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field, quoted where needed; text that a spreadsheet would run as a formula neutralized. */
export function csvField(value: CsvValue): string {
  if (value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const safe = neutralized(value);
  return safe !== value || /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The whole CSV text of `rows`, with `columns` as the header and as the order of fields. */
export function csvText<C extends string>(columns: readonly C[], rows: Iterable<Readonly<Record<C, CsvValue>>>): string {
  const lines = [columns.map(csvField).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(","));
  return `${lines.join("\n")}\n`;
}
