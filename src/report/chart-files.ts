/**
 * Writes charts as files under `charts/`: `<name>.vl.json` (the vega-lite spec, data inlined,
 * with its `$schema` so editors validate it), `<name>.svg`, and `<name>.png` unless turned off.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { reportMessage } from "./messages.js";
import { PngRenderer } from "./render-png.js";
import { renderSvg } from "./render-svg.js";
import type { VlSpec, WriteOptions } from "./types.js";

/** The vega-lite schema the specs are written against (vega-lite 6). */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Checks chart names are usable file names and distinct; returns them. */
export function chartNames(specs: readonly VlSpec[]): string[] {
  const seen = new Set<string>();
  for (const spec of specs) {
    if (typeof spec.name !== "string" || spec.name === "") throw new Error(reportMessage.chartWithoutName());
    if (!/^[A-Za-z0-9_.-]+$/.test(spec.name) || spec.name.startsWith(".")) throw new Error(reportMessage.badChartName(spec.name));
    if (seen.has(spec.name)) throw new Error(reportMessage.duplicateChart(spec.name));
    seen.add(spec.name);
  }
  return [...seen];
}

/** The text of `<name>.vl.json`: the spec with `$schema` first, 2-space indent. */
export function vlJsonText(spec: VlSpec): string {
  return `${JSON.stringify({ $schema: VEGA_LITE_SCHEMA, ...spec }, null, 2)}\n`;
}

/** Writes every chart of `specs` into `<dir>/charts/` (created if needed): specs only when `options.svg` is false. */
export async function writeChartFiles(dir: string, specs: readonly VlSpec[], options: WriteOptions = {}): Promise<void> {
  chartNames(specs);
  const chartsDir = join(dir, "charts");
  await mkdir(chartsDir, { recursive: true });
  const write = async (file: string, data: string | Buffer) => {
    await options.beforeWrite?.(`charts/${file}`);
    await writeFile(join(chartsDir, file), data);
  };
  if (options.svg === false) {
    for (const spec of specs) await write(`${spec.name}.vl.json`, vlJsonText(spec));
    return;
  }
  const png = options.png === false ? undefined : new PngRenderer();
  // Each PNG is drawn off this thread while the next chart is laid out here. Files are written in
  // the order of one chart at a time (vl.json, svg, png), so a failing write stops at the same file.
  let pending: { name: string; png: Promise<Buffer> } | undefined;
  const flush = async () => {
    if (pending !== undefined) await write(`${pending.name}.png`, await pending.png);
    pending = undefined;
  };
  for (const spec of specs) {
    const svg = await renderSvg(spec);
    await flush();
    await write(`${spec.name}.vl.json`, vlJsonText(spec));
    await write(`${spec.name}.svg`, svg);
    if (png !== undefined) {
      pending = { name: spec.name, png: png.renderAsync(svg) };
      pending.png.catch(() => undefined); // awaited by flush; if an earlier step fails, not left unhandled
    }
  }
  await flush();
}
