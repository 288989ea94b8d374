/**
 * The look shared by every chart: one font (DejaVu Sans, shipped through npm so PNGs draw text the
 * same everywhere), readable sizes, a white background, and one colour per path variant kept the
 * same across charts.
 */
import type { Config } from "vega-lite";

/** Font family the charts ask for; the PNG renderer maps it to the shipped DejaVu Sans files. */
export const CHART_FONT = "DejaVu Sans";

/** vega-lite `config` for every chart. */
export const chartConfig = {
  font: `${CHART_FONT}, Verdana, sans-serif`,
  background: "white",
  padding: 12,
  title: { fontSize: 15, anchor: "start", subtitleFontSize: 11, subtitleColor: "#555555", offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260, titlePadding: 8 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 300 },
  header: { labelFontSize: 12, titleFontSize: 12, labelFontWeight: "bold" },
  view: { stroke: "#dddddd" },
} as const satisfies Config;

/** Colours for path variants and flows, in order (tableau10). */
export const PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d", "#ff9da6", "#bab0ac"] as const;

/** Greys for things that are not path variants (sockets), so they never read as a path's colour. */
export const NEUTRAL_PALETTE = ["#7f7f7f", "#525252", "#b0b0b0", "#2f2f2f", "#d0d0d0"] as const;

/** A colour scale over `domain` in the given order, so a path keeps its colour in every chart. */
export function colorScale(domain: readonly string[], palette: readonly string[] = PALETTE): { domain: string[]; range: string[] } {
  return { domain: [...domain], range: domain.map((_, i) => palette[i % palette.length]!) };
}

/** Values in order of first appearance, each once. */
export function uniqueInOrder<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** A number with at most `digits` decimals and no trailing zeros, for labels (`12.5`, `3`). */
export function shortNumber(value: number, digits = 2): string {
  return String(Number(value.toFixed(digits)));
}

/** A count or byte total with an SI prefix for labels (`1.2 M`, `350 k`, `12`; `209.7 MB` with unit "B"). */
export function siNumber(value: number, unit = ""): string {
  const prefixes = [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]] as const;
  for (const [size, prefix] of prefixes) if (Math.abs(value) >= size) return `${shortNumber(value / size, 1)} ${prefix}${unit}`;
  return unit === "" ? shortNumber(value, 1) : `${shortNumber(value, 1)} ${unit}`;
}
