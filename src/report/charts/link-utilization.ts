/**
 * Link utilization per link and direction, one panel per path variant: the fraction of the run
 * each direction spent serializing, split into payload and overhead (TLP headers, framing and
 * DLLPs: the wire time not spent on payload bytes). The busiest direction of each variant has a
 * black outline and the label "busiest", because that link is the bottleneck to look at first.
 */
import type { RunArtifacts, VlSpec } from "../types.js";
import { chartConfig, colorScale, uniqueInOrder } from "./style.js";

/**
 * Links drawn at most: a fabric of a thousand endpoints would give a chart tens of thousands of
 * pixels tall (the CSV and report tables keep every link). The busiest are kept, in fabric order.
 */
export const MAX_CHART_LINKS = 100;

/** Percentage label, one decimal (`93.4%`). */
const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

/** The link utilization chart of a run. */
export function linkUtilizationChart(artifacts: RunArtifacts): VlSpec {
  const { summary } = artifacts;
  const paths = uniqueInOrder(summary.variants.map((v) => v.path));
  const allLinks = uniqueInOrder(summary.variants.flatMap((v) => v.links.map((l) => l.link)));
  const peak = new Map<string, number>();
  for (const v of summary.variants) for (const l of v.links) peak.set(l.link, Math.max(peak.get(l.link) ?? 0, l.utilization));
  const shown = new Set(
    allLinks.length <= MAX_CHART_LINKS ? allLinks : [...allLinks].sort((a, b) => peak.get(b)! - peak.get(a)!).slice(0, MAX_CHART_LINKS),
  );
  const links = allLinks.filter((link) => shown.has(link));
  // Sorted by a number, not by a list of names: vega-lite turns a list into one nested conditional
  // per name, which the expression compiler cannot take past a few hundred.
  const linkIndex = new Map(links.map((link, i) => [link, i]));
  const rows = summary.variants.flatMap((v) => {
    const busiest = v.links.reduce((best, l) => (l.utilization > best ? l.utilization : best), 0);
    const first = v.links.find((l) => busiest > 0 && l.utilization === busiest);
    return v.links.filter((l) => shown.has(l.link)).flatMap((l) => {
      const payload = l.wireBytes > 0 ? (l.utilization * l.bytes) / l.wireBytes : 0;
      const common = { path: v.path, link: l.link, linkIndex: linkIndex.get(l.link)!, direction: l.direction, total: l.utilization, busiest: l === first, label: `${l.direction} ${l === first ? `${percent(l.utilization)}  busiest` : percent(l.utilization)}` };
      return [
        { ...common, part: "payload", order: 0, utilization: payload },
        { ...common, part: "overhead", order: 1, utilization: l.utilization - payload },
      ];
    });
  });
  const y = { field: "link", type: "nominal", sort: { field: "linkIndex", op: "min" }, title: "link" } as const;
  const yOffset = { field: "direction", type: "nominal", sort: ["up", "down"] } as const;
  const x = {
    field: "utilization",
    type: "quantitative" as const,
    title: "utilization (fraction of run serializing)",
    stack: "zero" as const,
    scale: { domain: [0, 1.3] },
    axis: { format: "%", values: [0, 0.25, 0.5, 0.75, 1] },
  };
  return {
    name: "link-utilization",
    config: chartConfig,
    title: {
      text: `Link utilization per direction: ${summary.scenario}`,
      subtitle: [
        "one panel per path variant; each bar: a direction, payload then overhead",
        "outlined: the busiest link direction of the variant",
        ...(links.length < allLinks.length ? [`the ${links.length} busiest of ${allLinks.length} links (links.csv has them all)`] : []),
      ],
    },
    data: { values: rows },
    facet: { field: "path", type: "nominal", sort: paths, title: null, header: { labelFontSize: 13 } },
    columns: Math.min(3, Math.max(1, paths.length)),
    spec: {
      width: 270,
      height: { step: 14 },
      layer: [
        {
          mark: { type: "bar", tooltip: true },
          encoding: {
            y,
            yOffset,
            x,
            color: { field: "part", type: "nominal", title: "wire time", scale: colorScale(["payload", "overhead"]) },
            order: { field: "order", type: "quantitative" },
            stroke: { condition: { test: "datum.busiest", value: "black" }, value: null },
            strokeWidth: { condition: { test: "datum.busiest", value: 2 }, value: 0 },
          },
        },
        {
          transform: [{ filter: "datum.part === 'overhead'" }],
          mark: { type: "text", align: "left", baseline: "middle", dx: 4, fontSize: 10 },
          encoding: {
            y,
            yOffset,
            x: { ...x, field: "total", stack: null },
            text: { field: "label" },
            color: { condition: { test: "datum.busiest", value: "black" }, value: "#555555" },
          },
        },
      ],
    },
  };
}
