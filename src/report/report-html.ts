/**
 * report.html: one self-contained page that works offline. vega, vega-lite and vega-embed are
 * inlined (no CDN, no network), the chart specs are embedded as JSON and drawn by vega-embed as
 * SVG, and tables list every flow (route, kernel decision and its reason or warning), every link
 * direction and the host load per variant. No timestamps: the same run gives the same page.
 */
import { devicesTable, escapeHtml, flowsTable, hostTable, linksTable, resourcesTable } from "./html-tables.js";
import { topologySvgs } from "./topology-svg.js";
import { verdictLines } from "./verdict.js";
import { topologyLines } from "./text-report.js";
import { PALETTE } from "./charts/style.js";
import type { Summary, VlSpec } from "./types.js";
import type { VendorScript } from "./vendor-scripts.js";

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; max-width: 1320px; padding: 0 1em; color: #222; overflow-wrap: anywhere; }
.verdict { font-size: 15px; } .verdict li { margin: 0.3em 0; } .why { color: #333; }
.topologies { display: flex; flex-wrap: wrap; gap: 1em; } figure.topology { margin: 0.5em 0; } figure.topology svg { max-width: 100%; height: auto; }
.scroll { max-width: 100%; overflow-x: auto; }
details pre { font-size: 11px; max-height: 30em; overflow: auto; background: #f7f7f7; padding: 0.5em; white-space: pre-wrap; }
code { font-size: 12px; }
h1 { margin-bottom: 0.2em; } .meta { color: #555; }
nav a { margin-right: 1em; }
figure { margin: 1.5em 0; } figcaption { color: #777; font-size: 12px; } .chart-error { color: #c0392b; }
.chart, .chart.vega-embed { display: block; max-width: 100%; overflow-x: auto; } .chart svg { max-width: 100%; height: auto; }
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

/** Draws every chart of the page from the specs in #p2psim-specs (the sweep page uses it too). */
export const EMBED_SCRIPT = `
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

/** A chart's place on a page: EMBED_SCRIPT draws the spec of the same name into it. */
export function chartFigure(spec: VlSpec): string {
  return `<figure id="figure-${escapeHtml(spec.name)}">\n<div class="chart" id="chart-${escapeHtml(spec.name)}"></div>\n<figcaption>charts/${escapeHtml(spec.name)}.*</figcaption>\n</figure>`;
}

/** The whole text of report.html for a run's summary and its charts. */
export function reportHtml(summary: Summary, specs: readonly VlSpec[], vendor: readonly VendorScript[]): string {
  const p = summary.provenance;
  const edits = p && p.overrides.length > 0 ? ` (--set ${p.overrides.join(" --set ")})` : "";
  const title = `p2psim: ${summary.scenario}${edits}`;
  const why = summary.variants.flatMap((v) => v.flows.flatMap((f) => (f.bottleneck ? [f.bottleneck.reason] : [])));
  const topo = topologySvgs(summary, PALETTE);
  const variants = summary.variants.map((v) => v.path).join(", ");
  const figures = specs.map(chartFigure);
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
    `<h1>${escapeHtml(summary.scenario)}${escapeHtml(edits)}</h1>`,
    summary.description ? `<p>${escapeHtml(summary.description)}</p>` : "",
    '<section id="verdict">',
    "<h2>Verdict (simulated)</h2>",
    `<ul class="verdict">${verdictLines(summary).map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>`,
    why.length > 0 ? `<h3>Why</h3><ul class="why">${why.map((r) => `<li>${escapeHtml(r)}</li>`).join("")}</ul>` : "",
    "</section>",
    `<p class="meta">${p ? `p2psim ${escapeHtml(p.tool.version)} · digest ${escapeHtml(p.digest)} · ` : ""}seed ${escapeHtml(String(summary.seed))} · path variants: ${escapeHtml(variants)} · data: summary.json, flows.csv, links.csv, resources.csv, devices.csv, timeseries.csv, latency.csv</p>`,
    `<nav><a href="#topology">topology</a><a href="#charts">charts</a><a href="#flows">flows</a><a href="#devices">devices</a><a href="#resources">resources</a><a href="#links">links</a><a href="#host">host load</a><a href="#provenance">provenance</a></nav>`,
    topo.length > 0 ? `<section id="topology">\n<h2>Topology and the path each variant takes</h2>\n${topologyLines(summary).map((l) => `<p><code>${escapeHtml(l)}</code></p>`).join("")}\n<div class="topologies">${topo.join("\n")}</div>\n</section>` : "",
    '<section id="charts">',
    "<h2>Charts</h2>",
    `<ul>${specs.map((s) => `<li><a href="#figure-${escapeHtml(s.name)}">${escapeHtml(chartTitle(s))}</a></li>`).join("")}</ul>`,
    ...figures,
    "</section>",
    '<section id="flows">',
    "<h2>Flows</h2>",
    `<div class="scroll">${flowsTable(summary)}</div>`,
    "</section>",
    '<section id="devices">',
    "<h2>Per device, all flows together</h2>",
    `<div class="scroll">${devicesTable(summary)}</div>`,
    "</section>",
    '<section id="resources">',
    "<h2>Resources that did any work</h2>",
    `<div class="scroll">${resourcesTable(summary)}</div>`,
    "</section>",
    '<section id="links">',
    "<h2>Links</h2>",
    `<div class="scroll">${linksTable(summary)}</div>`,
    "</section>",
    '<section id="host">',
    "<h2>Host load</h2>",
    `<div class="scroll">${hostTable(summary)}</div>`,
    "</section>",
    p
      ? `<section id="provenance">\n<h2>Provenance</h2>\n<p>p2psim ${escapeHtml(p.tool.version)}, seed ${p.seed}, digest <code>${escapeHtml(p.digest)}</code>${p.overrides.length > 0 ? `, overrides: <code>${escapeHtml(p.overrides.join(" "))}</code>` : ", no overrides"}.</p>\n<p>Reproduce: <code>${escapeHtml(p.command)}</code></p>\n<details><summary>the resolved scenario</summary><pre>${escapeHtml(JSON.stringify(p.scenario, null, 2))}</pre></details>\n</section>`
      : "",
    `<script type="application/json" id="p2psim-specs">${jsonScriptText(specs)}</script>`,
    ...vendorTags,
    `<script>${EMBED_SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
