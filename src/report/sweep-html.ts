/**
 * A sweep's report.html: one offline page with the sweep charts and the table of points (axis
 * values, each flow's GB/s per variant, its bottleneck where known), each row linking to the
 * point's own report. vega, vega-lite and vega-embed are inlined as in a run's report; no
 * timestamps, so the same sweep gives the same page.
 */
import { escapeHtml } from "./html-tables.js";
import type { TextTable } from "./sweep-table.js";
import type { VlSpec } from "./types.js";
import type { VendorScript } from "./vendor-scripts.js";
import { chartFigure, EMBED_SCRIPT } from "./report-html.js";

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
h1 { margin-bottom: 0.2em; } .meta { color: #555; }
figure { margin: 1.5em 0; } figcaption { color: #777; font-size: 12px; } .chart { overflow-x: auto; } .chart-error { color: #c0392b; }
table { border-collapse: collapse; font-size: 13px; margin: 0.5em 0 2em; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; white-space: nowrap; }
th { background: #f4f4f4; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
`;

/** What the page says about the sweep besides its charts and table. */
export interface SweepPageInfo {
  scenario: string;
  description?: string;
  seed: number;
  variants: readonly string[];
}

/** The whole text of a sweep's report.html. */
export function sweepReportHtml(info: SweepPageInfo, table: TextTable, specs: readonly VlSpec[], vendor: readonly VendorScript[]): string {
  const cls = (i: number) => (table.numeric[i] ? ' class="num"' : "");
  const head = `<tr><th>point</th>${table.columns.map((c, i) => `<th${cls(i)}>${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = table.rows.map((row, p) => {
    const folder = String(p).padStart(5, "0"); // points/NNNNN/, rows being in point order
    return `<tr><td><a href="points/${folder}/report.html">${folder}</a></td>${row.map((cell, i) => `<td${cls(i)}>${escapeHtml(cell)}</td>`).join("")}</tr>`;
  });
  const figures = specs.map(chartFigure);
  const specJson = JSON.stringify(specs).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`p2psim sweep: ${info.scenario}`)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<h1>${escapeHtml(info.scenario)}: sweep of ${table.rows.length} points</h1>`,
    info.description ? `<p>${escapeHtml(info.description)}</p>` : "",
    `<p class="meta">seed ${escapeHtml(String(info.seed))} · path variants: ${escapeHtml(info.variants.join(", "))} · data: sweep.csv, points/NNNNN/</p>`,
    '<section id="charts">',
    "<h2>Charts</h2>",
    ...figures,
    "</section>",
    '<section id="points">',
    "<h2>Points</h2>",
    "<p>Throughput of each flow under each path variant, GB/s, with what limited it where the summary says; each point links to its own report.</p>",
    `<table>\n<thead>${head}</thead>\n<tbody>\n${body.join("\n")}\n</tbody>\n</table>`,
    "</section>",
    `<script type="application/json" id="p2psim-specs">${specJson}</script>`,
    ...vendor.map((v) => `<script>/* ${v.name} ${v.version} */\n${v.code.replace(/<\/(script)/gi, "<\\/$1")}\n</script>`),
    `<script>${EMBED_SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
