/**
 * report.html: one self-contained page that works offline. vega, vega-lite and vega-embed are
 * inlined (no CDN, no network), the chart specs are embedded as JSON and drawn by vega-embed as
 * SVG, and tables list every flow (route, kernel decision and its reason or warning), every link
 * direction and the host load per variant. No timestamps: the same run gives the same page.
 */
import { escapeHtml, flowsTable, hostTable, linksTable } from "./html-tables.js";
import type { Summary, VlSpec } from "./types.js";
import type { VendorScript } from "./vendor-scripts.js";

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
h1 { margin-bottom: 0.2em; } .meta { color: #555; }
nav a { margin-right: 1em; }
figure { margin: 1.5em 0; } figcaption { color: #777; font-size: 12px; } .chart { overflow-x: auto; } .chart-error { color: #c0392b; }
table { border-collapse: collapse; font-size: 13px; margin: 0.5em 0 2em; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; white-space: nowrap; }
td.wrap { white-space: normal; min-width: 12em; }
th { background: #f4f4f4; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.bad { color: #c0392b; font-weight: bold; } .warn { color: #a35a00; }
`;

/** Inline script text safe inside a <script> element (`</script` cannot end it early). */
function scriptText(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1");
}

/** JSON safe inside a <script type="application/json"> element. */
function jsonScriptText(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** The chart's title text, for the figure caption and the list of charts. */
function chartTitle(spec: VlSpec): string {
  const title = (spec as { title?: unknown }).title;
  if (typeof title === "string") return title;
  if (title !== null && typeof title === "object" && "text" in title) {
    const text = (title as { text: unknown }).text;
    return Array.isArray(text) ? text.join(" ") : String(text);
  }
  return spec.name;
}

const EMBED_SCRIPT = `
(function () {
  var specs = JSON.parse(document.getElementById("p2psim-specs").textContent);
  specs.forEach(function (spec) {
    var target = document.getElementById("chart-" + spec.name);
    vegaEmbed(target, spec, { mode: "vega-lite", renderer: "svg", actions: false }).catch(function (error) {
      target.className += " chart-error";
      target.textContent = "chart " + spec.name + " failed: " + error;
    });
  });
})();
`;

/** The whole text of report.html for a run's summary and its charts. */
export function reportHtml(summary: Summary, specs: readonly VlSpec[], vendor: readonly VendorScript[]): string {
  const title = `p2psim: ${summary.scenario}`;
  const variants = summary.variants.map((v) => v.path).join(", ");
  const figures = specs.map((spec) =>
    `<figure id="figure-${escapeHtml(spec.name)}">\n<div class="chart" id="chart-${escapeHtml(spec.name)}"></div>\n<figcaption>charts/${escapeHtml(spec.name)}.*</figcaption>\n</figure>`);
  const vendorTags = vendor.map((v) => `<script>/* ${v.name} ${v.version} */\n${scriptText(v.code)}\n</script>`);
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<h1>${escapeHtml(summary.scenario)}</h1>`,
    summary.description ? `<p>${escapeHtml(summary.description)}</p>` : "",
    `<p class="meta">seed ${escapeHtml(String(summary.seed))} · path variants: ${escapeHtml(variants)} · data: summary.json, flows.csv, links.csv, latency.csv</p>`,
    `<nav><a href="#charts">charts</a><a href="#flows">flows</a><a href="#links">links</a><a href="#host">host load</a></nav>`,
    '<section id="charts">',
    "<h2>Charts</h2>",
    `<ul>${specs.map((s) => `<li><a href="#figure-${escapeHtml(s.name)}">${escapeHtml(chartTitle(s))}</a></li>`).join("")}</ul>`,
    ...figures,
    "</section>",
    '<section id="flows">',
    "<h2>Flows</h2>",
    flowsTable(summary),
    "</section>",
    '<section id="links">',
    "<h2>Links</h2>",
    linksTable(summary),
    "</section>",
    '<section id="host">',
    "<h2>Host load</h2>",
    hostTable(summary),
    "</section>",
    `<script type="application/json" id="p2psim-specs">${jsonScriptText(specs)}</script>`,
    ...vendorTags,
    `<script>${EMBED_SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
