/**
 * Rich output for Jupyter notebooks run by Deno's kernel: charts (a vega-lite spec with a PNG
 * fallback), tables (HTML and aligned text) and Markdown.
 *
 * Two ways to show one:
 * - `await display.chart(spec)`, `await display.table(rows)`, `await display.markdown(text)` show it
 *   at once, like IPython's `display()`, through `Deno.jupyter.display`, and the cell waits until
 *   it is sent. This is what the notebooks use: Deno's kernel does not wait for a cell's *value* to
 *   be formatted and sent before it reports the cell done, and a headless runner (nbclient) drops
 *   output that arrives after that, so a returned chart can go missing from an executed notebook.
 *   Outside Deno's kernel (Node, tests) nothing is sent and they return the displayable instead.
 * - `displayable.chart(spec)` (awaited), `displayable.table(rows)`, `displayable.markdown(text)`
 *   return an object with a method under `Symbol.for("Jupyter.display")` that gives the MIME bundle
 *   (the display.js protocol Deno's kernel follows): return one as a cell's last value.
 *
 * A chart's bundle carries the vega-lite spec (`application/vnd.vegalite.v5+json`, which JupyterLab
 * and VS Code draw interactively) and a PNG of the same chart drawn in Node by the report's own
 * renderer (vega SVG, then resvg with the shipped font), for frontends that draw no vega-lite
 * (GitHub's viewer, nbconvert's HTML, terminals) and so that an executed notebook keeps a picture.
 * The PNG takes a moment to draw, so chart functions are async.
 */
import { escapeHtml, tableNumber } from "./html-tables.js";
import { PngRenderer } from "./render-png.js";
import { renderSvg } from "./render-svg.js";
import type { VlSpec } from "./types.js";

/** The key Deno's Jupyter kernel looks for: an object with a method under it is shown as the bundle that method returns (`Deno.jupyter.$display`). */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/** The MIME types the bundles use. */
export const NOTEBOOK_MIME = {
  /** A vega-lite spec with its data inlined: the type JupyterLab's and VS Code's vega renderers take. */
  vegaLite: "application/vnd.vegalite.v5+json",
  /** Base64 PNG bytes. */
  png: "image/png",
  html: "text/html",
  markdown: "text/markdown",
  plain: "text/plain",
} as const;

/** The `$schema` a chart carries under the vega-lite v5 MIME type (its specs use nothing v6 added). */
const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** A Jupyter MIME bundle: MIME type -> data (text, base64 bytes, or JSON). */
export type MimeBundle = Record<string, unknown>;

/** What a notebook cell can return to be shown richly by Deno's kernel: a method that gives the bundle at once. */
export interface Displayable {
  [JUPYTER_DISPLAY](): MimeBundle;
}

/** How a chart is shown. */
export interface ChartDisplayOptions {
  /** Include the PNG fallback; default true. */
  png?: boolean;
}

/**
 * The MIME bundle of a chart: the vega-lite spec, a PNG of it (~50-100 ms to draw), and a line of
 * plain text naming it.
 * @example const bundle = await chartBundle(runCharts(run(openScenario()))[0]!)
 */
export async function chartBundle(spec: VlSpec, options: ChartDisplayOptions = {}): Promise<MimeBundle> {
  const bundle: MimeBundle = {
    [NOTEBOOK_MIME.vegaLite]: { $schema: VEGA_LITE_SCHEMA, ...spec },
    [NOTEBOOK_MIME.plain]: `chart '${spec.name}'${chartTitle(spec) === "" ? "" : `: ${chartTitle(spec)}`}`,
  };
  if (options.png !== false) bundle[NOTEBOOK_MIME.png] = new PngRenderer().render(await renderSvg(spec)).toString("base64");
  return bundle;
}

/** The chart's title text, if it has one. */
function chartTitle(spec: VlSpec): string {
  const title: unknown = spec.title;
  if (typeof title === "string") return title;
  if (title !== null && typeof title === "object" && "text" in title) {
    const text = (title as { text: unknown }).text;
    return Array.isArray(text) ? text.join(" ") : String(text);
  }
  return "";
}

/** How a table is shown. */
export interface TableDisplayOptions<T> {
  /** Columns in order; default every key of the rows, in order of first appearance. */
  columns?: ReadonlyArray<keyof T & string>;
  /** Decimals kept in numbers; default 3. Whole numbers show none. */
  digits?: number;
  /** A caption above the table. */
  caption?: string;
}

/** A cell as text: numbers with thousands separators and at most `digits` decimals, nothing for null or undefined. */
function cellText(value: unknown, digits: number): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? tableNumber(value, digits) : String(value);
  return String(value);
}

function tableColumns<T extends object>(rows: readonly T[], columns: ReadonlyArray<keyof T & string> | undefined): string[] {
  if (columns !== undefined) return [...columns];
  return [...new Set(rows.flatMap((row) => Object.keys(row)))];
}

/**
 * The MIME bundle of a table of rows (plain objects, e.g. `flowRows(summary)`): an HTML table with
 * numbers right-aligned, and the same table as aligned plain text.
 * @example tableBundle([{ ssds: 4, GBps: 22.1 }], { caption: "throughput" })
 */
export function tableBundle<T extends object>(rows: readonly T[], options: TableDisplayOptions<T> = {}): MimeBundle {
  const digits = options.digits ?? 3;
  const columns = tableColumns(rows, options.columns);
  const cells = rows.map((row) => columns.map((c) => cellText((row as Record<string, unknown>)[c], digits)));
  const numeric = columns.map((c) => rows.some((row) => typeof (row as Record<string, unknown>)[c] === "number"));
  const align = (i: number) => (numeric[i] ? ' style="text-align:right"' : ' style="text-align:left"');
  const html = [
    "<table>",
    ...(options.caption === undefined ? [] : [`<caption>${escapeHtml(options.caption)}</caption>`]),
    `<thead><tr>${columns.map((c, i) => `<th${align(i)}>${escapeHtml(c)}</th>`).join("")}</tr></thead>`,
    "<tbody>",
    ...cells.map((row) => `<tr>${row.map((cell, i) => `<td${align(i)}>${escapeHtml(cell)}</td>`).join("")}</tr>`),
    "</tbody>",
    "</table>",
  ].join("\n");
  return { [NOTEBOOK_MIME.html]: html, [NOTEBOOK_MIME.plain]: plainTable(columns, cells, numeric, options.caption) };
}

/**
 * Rows as aligned plain text, a dashed line under the heading, numbers right-aligned: what a
 * terminal shows, and what pastes into a mail.
 * @example plainTable(["path", "GB/s"], [["p2p", "5.3"]], [false, true]) // "path  GB/s\n----  ----\np2p    5.3"
 */
export function plainTable(columns: readonly string[], cells: ReadonlyArray<readonly string[]>, numeric: readonly boolean[], caption?: string): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: readonly string[]) =>
    values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join("  ").trimEnd();
  return [...(caption === undefined ? [] : [caption]), line(columns), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

/** The MIME bundle of Markdown text (shown formatted; its source as plain text). */
export function markdownBundle(text: string): MimeBundle {
  return { [NOTEBOOK_MIME.markdown]: text, [NOTEBOOK_MIME.plain]: text };
}

/** The MIME bundle of plain text (e.g. a paragraph to paste into a mail), shown as it is. */
export function textBundle(text: string): MimeBundle {
  return { [NOTEBOOK_MIME.plain]: text };
}

/** An object Deno's kernel shows as `bundle`; the method gives it at once, never a promise. */
function view(bundle: MimeBundle): Displayable {
  return { [JUPYTER_DISPLAY]: () => bundle };
}

/**
 * Objects a notebook cell returns to be shown (`Symbol.for("Jupyter.display")`).
 * @example await displayable.chart(runCharts(run(openScenario()))[0]!)
 */
export const displayable = {
  /** A vega-lite chart with its PNG fallback; await it (the PNG is drawn first). */
  chart: async (spec: VlSpec, options: ChartDisplayOptions = {}): Promise<Displayable> => view(await chartBundle(spec, options)),
  /** Rows as an HTML table (and plain text). */
  table: <T extends object>(rows: readonly T[], options: TableDisplayOptions<T> = {}): Displayable => view(tableBundle(rows, options)),
  /** Markdown text, e.g. prose with numbers from a run. */
  markdown: (text: string): Displayable => view(markdownBundle(text)),
  /** Plain text, shown as it is. */
  text: (text: string): Displayable => view(textBundle(text)),
} as const;

/** `Deno.jupyter.display`, when this runs in Deno's Jupyter kernel. */
type KernelDisplay = (bundle: MimeBundle, options: { raw: true }) => Promise<void>;

function kernelDisplay(): KernelDisplay | undefined {
  const deno = (globalThis as { Deno?: { jupyter?: { display?: KernelDisplay } } }).Deno;
  return typeof deno?.jupyter?.display === "function" ? deno.jupyter.display.bind(deno.jupyter) : undefined;
}

/** Sends `bundle` now when in Deno's kernel (resolving once sent); elsewhere gives it back as a displayable. */
async function show(bundle: MimeBundle): Promise<Displayable | undefined> {
  const send = kernelDisplay();
  if (send === undefined) return view(bundle);
  await send(bundle, { raw: true });
  return undefined;
}

/**
 * Show a chart, a table or Markdown now, in place, like IPython's `display()`; await each. In
 * Deno's kernel they resolve to nothing once the output is sent; elsewhere to the displayable.
 * @example await display.chart(runCharts(run(openScenario()))[0]!)
 * @example await display.table(flowRows(summary), { columns: ["path", "flow", "throughputGBps"] })
 */
export const display = {
  /** A vega-lite chart, drawn interactively where the frontend can, with a PNG fallback. */
  chart: async (spec: VlSpec, options: ChartDisplayOptions = {}): Promise<Displayable | undefined> => show(await chartBundle(spec, options)),
  /** Rows as an HTML table (and plain text). */
  table: <T extends object>(rows: readonly T[], options: TableDisplayOptions<T> = {}): Promise<Displayable | undefined> => show(tableBundle(rows, options)),
  /** Markdown text, e.g. prose with numbers from a run. */
  markdown: (text: string): Promise<Displayable | undefined> => show(markdownBundle(text)),
  /** Plain text, shown as it is (a paragraph to paste into a mail). */
  text: (text: string): Promise<Displayable | undefined> => show(textBundle(text)),
} as const;
