/**
 * A run as plain text for mailing lists (every line at most 72 columns) or as Markdown for issue
 * trackers: a header with the tool version, the scenario digest and the word "simulated"; the
 * topology in a line or two; flows x variants with GB/s, p99 and the bottleneck (Linux's map type
 * only on P2P rows, where it applies); why each flow is bound; Linux's decision for each P2P pair;
 * the command that reproduces the run. Everything comes from summary.json, so `p2psim report DIR`
 * prints the same as `p2psim run` did.
 */
import type { FlowResult, Summary, VariantResult } from "../contract.js";

export type TextFormat = "text" | "markdown";

/** Width of a plain-text report. */
export const TEXT_COLUMNS = 72;

export function textReport(summary: Summary, format: TextFormat = "text"): string {
  return format === "markdown" ? markdown(summary) : plain(summary);
}

function header(summary: Summary): string {
  const p = summary.provenance;
  const version = p ? `p2psim ${p.tool.version}` : "p2psim";
  const digest = p ? `digest ${p.digest.slice(0, 12)}` : "no digest";
  return `${version} | ${summary.scenario} | ${digest} | simulated, not measured`;
}

/** Rows of the flows table: variant, flow, GB/s, p99 us, kernel, bottleneck. */
function flowTable(summary: Summary): string[][] {
  return summary.variants.flatMap((v) => v.flows.map((f) => flowCells(v, f)));
}

function flowCells(v: VariantResult, f: FlowResult): string[] {
  if (!f.supported) return [v.path, f.flow, "unsupported", "-", kernelCell(f), f.note ?? ""];
  const b = f.bottleneck;
  return [v.path, f.flow, f.throughputGBps.toFixed(2), (f.latencyNs.p99 / 1000).toFixed(1), kernelCell(f), b ? `${b.resource} ${(100 * b.utilization).toFixed(0)}%` : "-"];
}

/** The flows table as text: the variant as a heading line above its flows, to leave room for the bottleneck. */
function plainFlowTable(summary: Summary): string[] {
  const rows = flowTable(summary);
  const [head, rule, ...body] = fitTable(HEAD.slice(1), rows.map((r) => r.slice(1)), TEXT_COLUMNS);
  const out = [head!, rule!];
  let at = 0;
  for (const v of summary.variants) {
    out.push(`[${v.path}]`, ...body.slice(at, at + v.flows.length));
    at += v.flows.length;
  }
  return out;
}

/** Linux's map type where it decides (a P2P flow); "-" for bounce and host DMA, which it does not map peer to peer. */
export function kernelCell(f: FlowResult): string {
  return f.path === "p2p" ? f.kernel.mapType : "-";
}

const HEAD = ["variant", "flow", "GB/s", "p99 us", "kernel", "bottleneck"];

/** The topology from the resolved scenario: per root port, the tree below it with link widths. */
export function topologyLines(summary: Summary): string[] {
  const fabric = (summary.provenance?.scenario.fabric ?? []) as Array<{ id: string; type: string; parent?: string; hostBridge?: string; link?: unknown }>;
  if (fabric.length === 0) return [];
  const kids = new Map<string, typeof fabric>();
  for (const n of fabric) {
    if (n.parent === undefined) continue;
    const siblings = kids.get(n.parent);
    if (siblings === undefined) kids.set(n.parent, [n]);
    else siblings.push(n); // not a copy per child: a switch may hold thousands
  }
  const show = (n: (typeof fabric)[number]): string => {
    const below = kids.get(n.id) ?? [];
    const self = n.link !== undefined ? `${n.id} ${String(n.link)}` : n.id;
    return below.length === 0 ? self : `${self} > ${below.length === 1 ? show(below[0]!) : `(${below.map(show).join(", ")})`}`;
  };
  return fabric.filter((n) => n.type === "root-port").map((rp) => `${rp.hostBridge ?? "?"}: ${show(rp)}`);
}

/** Linux's decision for each flow between two devices, once per flow. */
function kernelLines(summary: Summary): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const v of summary.variants) {
    for (const f of v.flows) {
      if (f.kernel.mapType === "HOST" || seen.has(f.flow)) continue;
      seen.add(f.flow);
      lines.push(`${f.flow}: ${f.kernel.mapType}, distance ${f.kernel.distance}, ${f.kernel.topo}: ${f.kernel.reason}`);
    }
  }
  return lines;
}

function reasons(summary: Summary): string[] {
  return summary.variants.flatMap((v) => v.flows.flatMap((f) => (f.bottleneck ? [f.bottleneck.reason] : [])));
}

function deviceLines(summary: Summary): string[] {
  return summary.variants.flatMap((v) =>
    (v.devices ?? []).map((d) => {
      const moved = [...(d.bytesOut > 0 ? [`out ${d.outGBps.toFixed(2)} GB/s`] : []), ...(d.bytesIn > 0 ? [`in ${d.inGBps.toFixed(2)} GB/s`] : [])];
      return `${v.path} ${d.device}: ${moved.join(", ") || "nothing"} (${d.flows.join(", ")})`;
    }),
  );
}

function plain(summary: Summary): string {
  const out: string[] = [];
  const para = (text: string, indent = "") => out.push(...wrap(text, TEXT_COLUMNS, indent));
  para(header(summary));
  if (summary.description) para(summary.description);
  out.push("");
  const topo = topologyLines(summary);
  if (topo.length > 0) {
    out.push("Topology:");
    for (const line of topo) para(`  ${line}`, "    ");
    out.push("");
  }
  for (const line of plainFlowTable(summary)) out.push(line); // not push(...rows): a summary may hold many flows
  out.push("");
  const why = reasons(summary);
  if (why.length > 0) {
    out.push("Why:");
    for (const r of why) para(`- ${r}`, "  ");
    out.push("");
  }
  const devices = deviceLines(summary);
  if (devices.length > 0) {
    out.push("Per device, all flows together:");
    for (const d of devices) para(`- ${d}`, "  ");
    out.push("");
  }
  const kernel = kernelLines(summary);
  if (kernel.length > 0) {
    out.push("What Linux would decide (drivers/pci/p2pdma.c):");
    for (const k of kernel) para(`- ${k}`, "  ");
    out.push("");
  }
  if (summary.provenance) {
    out.push("Reproduce:");
    out.push(...commandLines(summary.provenance.command, TEXT_COLUMNS));
  }
  return `${out.join("\n")}\n`;
}

function markdown(summary: Summary): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const out: string[] = [`**${cell(header(summary))}**`, ""];
  if (summary.description) out.push(summary.description, "");
  const topo = topologyLines(summary);
  if (topo.length > 0) out.push("Topology:", "", ...topo.map((t) => `- \`${t}\``), "");
  out.push(`| ${HEAD.join(" | ")} |`, `|${HEAD.map((h) => (h === "GB/s" || h === "p99 us" ? " ---: " : " --- ")).join("|")}|`);
  for (const row of flowTable(summary)) out.push(`| ${row.map(cell).join(" | ")} |`);
  out.push("");
  const why = reasons(summary);
  if (why.length > 0) out.push("Why:", "", ...why.map((r) => `- ${r}`), "");
  const devices = deviceLines(summary);
  if (devices.length > 0) out.push("Per device, all flows together:", "", ...devices.map((d) => `- ${d}`), "");
  const kernel = kernelLines(summary);
  if (kernel.length > 0) out.push("What Linux would decide (`drivers/pci/p2pdma.c`):", "", ...kernel.map((k) => `- ${k}`), "");
  if (summary.provenance) out.push("Reproduce:", "", "```", summary.provenance.command, "```");
  return `${out.join("\n")}\n`;
}

/** A shell command in lines of at most `width`, continued with a backslash, words (quoted ones too) kept whole. */
export function commandLines(command: string, width: number): string[] {
  const words = command.match(/(?:'[^']*'|[^\s'])+/g) ?? [];
  const lines: string[] = [];
  let line = " ";
  for (const word of words) {
    if (line.trim() !== "" && line.length + 1 + word.length + 2 > width) {
      lines.push(`${line} \\`);
      line = "    ";
    }
    line = `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

/** Greedy word wrap at `width`; continuation lines start with `indent`; a word too long is cut. */
export function wrap(text: string, width: number, indent = ""): string[] {
  const lines: string[] = [];
  let line = "";
  const lead = text.match(/^\s*/)![0];
  for (const word of text.trim().split(/\s+/)) {
    const prefix = lines.length === 0 && line === "" ? lead : line === "" ? indent : "";
    let candidate = line === "" ? `${prefix}${word}` : `${line} ${word}`;
    if (candidate.length > width && line !== "") {
      lines.push(line);
      candidate = `${indent}${word}`;
    }
    while (candidate.length > width) {
      lines.push(candidate.slice(0, width));
      candidate = `${indent}${candidate.slice(width)}`;
    }
    line = candidate;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/**
 * A table no wider than `width`: numbers right-aligned, text left-aligned, two spaces apart. When
 * too wide, the widest text columns are cut (ending in "~") until it fits.
 */
export function fitTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>, width: number): string[] {
  const numeric = (c: string) => /^[-+]?[\d.]+%?$/.test(c);
  const widths = head.map((h, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? "").length), h.length)); // not a spread: rows may be many
  const total = () => widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1);
  while (total() > width) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > head[i]!.length && w > 4 && (widest < 0 || w > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest]!--;
  }
  const fit = (c: string, w: number) => (c.length <= w ? c : `${c.slice(0, w - 1)}~`);
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (numeric(c) ? fit(c, widths[i]!).padStart(widths[i]!) : fit(c, widths[i]!).padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}
