/**
 * HTML tables of a run for report.html: flows (with route and what the kernel decided, and why),
 * links, and host load per variant. All text is escaped.
 */
import type { Summary } from "./types.js";

/** `text` safe inside HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/** A number for a table: thousands separated, at most `digits` decimals (`1,234.5`). */
export function tableNumber(value: number, digits = 2): string {
  const [whole, fraction] = String(Number(value.toFixed(digits))).split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** One column: its heading, whether it holds numbers (right-aligned) or prose (may wrap), and the cell's HTML. */
interface Column<T> {
  title: string;
  numeric?: boolean;
  wrap?: boolean;
  html: (row: T) => string;
}

const cellClass = <T>(c: Column<T>) => (c.numeric ? ' class="num"' : c.wrap ? ' class="wrap"' : "");

function table<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const head = columns.map((c) => `<th${cellClass(c)}>${escapeHtml(c.title)}</th>`).join("");
  const body = rows.map((row) => `<tr>${columns.map((c) => `<td${cellClass(c)}>${c.html(row)}</td>`).join("")}</tr>`);
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body.join("\n")}\n</tbody>\n</table>`;
}

const text = (value: string) => escapeHtml(value);
const num = (value: number, digits = 2) => tableNumber(value, digits);

/** Flows per variant: route, kernel decision (where it applies), results in microseconds, the bottleneck and why. */
export function flowsTable(summary: Summary): string {
  type Row = { path: string; f: Summary["variants"][number]["flows"][number] };
  const rows: Row[] = summary.variants.flatMap((v) => v.flows.map((f) => ({ path: v.path, f })));
  const unsupported = (r: Row, html: string) => (r.f.supported ? html : "");
  const us = (ns: number) => num(ns / 1000, 1);
  const p2p = (r: Row) => r.f.path === "p2p";
  return table<Row>([
    { title: "path", html: (r) => text(r.path) },
    { title: "flow", html: (r) => `<b>${text(r.f.flow)}</b>` },
    { title: "route", wrap: true, html: (r) => text(r.f.route) + (r.f.supported ? "" : `<br><span class="bad">unsupported</span>${r.f.note ? `: ${text(r.f.note)}` : ""}`) },
    { title: "Linux", wrap: true, html: (r) => (p2p(r) ? `${text(r.f.kernel.mapType)}, distance ${num(r.f.kernel.distance)}, ${text(r.f.kernel.topo)}: ${text(r.f.kernel.reason)}${r.f.kernel.warning ? `<br><span class="warn">${text(r.f.kernel.warning)}</span>` : ""}` : "-") },
    { title: "GB/s", numeric: true, html: (r) => unsupported(r, num(r.f.throughputGBps, 3)) },
    { title: "IOPS", numeric: true, html: (r) => unsupported(r, num(r.f.iops, 0)) },
    { title: "p50 us", numeric: true, html: (r) => unsupported(r, us(r.f.latencyNs.p50)) },
    { title: "p99 us", numeric: true, html: (r) => unsupported(r, us(r.f.latencyNs.p99)) },
    { title: "p99.9 us", numeric: true, html: (r) => unsupported(r, us(r.f.latencyNs.p999)) },
    { title: "bottleneck", wrap: true, html: (r) => (r.f.bottleneck ? `<b>${text(r.f.bottleneck.resource)}</b> ${num(r.f.bottleneck.utilization * 100, 1)}%, ceiling ${num(r.f.bottleneck.ceilingGBps, 2)} GB/s` : "-") },
  ], rows);
}

/** What each device moved per variant, all its flows together. */
export function devicesTable(summary: Summary): string {
  type Row = { path: string; d: NonNullable<Summary["variants"][number]["devices"]>[number] };
  const rows: Row[] = summary.variants.flatMap((v) => (v.devices ?? []).map((d) => ({ path: v.path, d })));
  return table<Row>([
    { title: "path", html: (r) => text(r.path) },
    { title: "device", html: (r) => `<b>${text(r.d.device)}</b>` },
    { title: "out GB/s", numeric: true, html: (r) => num(r.d.outGBps, 3) },
    { title: "in GB/s", numeric: true, html: (r) => num(r.d.inGBps, 3) },
    { title: "bytes out", numeric: true, html: (r) => num(r.d.bytesOut, 0) },
    { title: "bytes in", numeric: true, html: (r) => num(r.d.bytesIn, 0) },
    { title: "flows", wrap: true, html: (r) => text(r.d.flows.join(", ")) },
  ], rows);
}

/** Every resource that was busy at all, per variant: utilization over the run, bytes, operations. */
export function resourcesTable(summary: Summary): string {
  type Row = { path: string; r: NonNullable<Summary["variants"][number]["resources"]>[number] };
  const rows: Row[] = summary.variants.flatMap((v) => (v.resources ?? []).filter((r) => r.busyNs > 0).map((r) => ({ path: v.path, r })));
  return table<Row>([
    { title: "path", html: (x) => text(x.path) },
    { title: "resource", html: (x) => `<b>${text(x.r.resource)}</b>` },
    { title: "kind", html: (x) => text(x.r.kind) },
    { title: "busy (of run)", numeric: true, html: (x) => `${num(x.r.utilization * 100, 1)}%` },
    { title: "capacity", numeric: true, html: (x) => (x.r.capacityGBps !== undefined ? `${num(x.r.capacityGBps, 2)} GB/s` : x.r.units !== undefined ? `${num(x.r.units, 0)} units` : "") },
    { title: "bytes", numeric: true, html: (x) => (x.r.bytes > 0 ? num(x.r.bytes, 0) : "") },
    { title: "operations", numeric: true, html: (x) => `${num(x.r.ops, 0)} ${text(x.r.opsUnit)}` },
    { title: "mean in use", numeric: true, html: (x) => (x.r.meanInUse !== undefined ? num(x.r.meanInUse, 2) : "") },
  ], rows);
}

/** Link directions per variant: payload and wire bytes, TLPs, utilization, credit stalls. */
export function linksTable(summary: Summary): string {
  type Row = { path: string; l: Summary["variants"][number]["links"][number] };
  const rows: Row[] = summary.variants.flatMap((v) => v.links.map((l) => ({ path: v.path, l })));
  return table<Row>([
    { title: "path", html: (r) => text(r.path) },
    { title: "link", html: (r) => text(r.l.link) },
    { title: "direction", html: (r) => text(r.l.direction) },
    { title: "payload bytes", numeric: true, html: (r) => num(r.l.bytes, 0) },
    { title: "wire bytes", numeric: true, html: (r) => num(r.l.wireBytes, 0) },
    { title: "TLPs", numeric: true, html: (r) => num(r.l.tlps, 0) },
    { title: "utilization", numeric: true, html: (r) => `${num(r.l.utilization * 100, 1)}%` },
    { title: "credit stall ns", numeric: true, html: (r) => num(r.l.creditStallNs, 0) },
  ], rows);
}

/** Host load per variant: DRAM bytes and utilization (per socket), IOMMU counters, events, time. */
export function hostTable(summary: Summary): string {
  type Row = Summary["variants"][number];
  return table<Row>([
    { title: "path", html: (v) => text(v.path) },
    { title: "DRAM bytes", numeric: true, html: (v) => num(v.dram.bytes, 0) },
    { title: "DRAM utilization", numeric: true, html: (v) => `${num(v.dram.utilization * 100, 1)}%` },
    { title: "per socket", html: (v) => v.dram.sockets.map((s) => `${text(s.socket)}: ${num(s.bytes, 0)} B, ${num(s.utilization * 100, 1)}%`).join("<br>") },
    { title: "IOMMU lookups", numeric: true, html: (v) => num(v.iommu.lookups, 0) },
    { title: "hits", numeric: true, html: (v) => num(v.iommu.hits, 0) },
    { title: "misses", numeric: true, html: (v) => num(v.iommu.misses, 0) },
    { title: "walks", numeric: true, html: (v) => num(v.iommu.walks, 0) },
    { title: "events", numeric: true, html: (v) => num(v.events, 0) },
    { title: "simulated ns", numeric: true, html: (v) => num(v.simulatedNs, 0) },
  ], summary.variants);
}
