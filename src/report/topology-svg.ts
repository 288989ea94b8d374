/**
 * The topology as an SVG tree for report.html, one drawing per variant: each socket's DRAM, its
 * host bridges, their root ports and everything below, each edge labelled with its link (gen and
 * width). The links a variant moved data over are drawn thick in the variant's colour, the rest
 * thin and grey, so the path each variant takes is seen at a glance. Built from the resolved
 * scenario (summary.provenance) and the measured link bytes; nothing is drawn from assumptions.
 */
import type { Summary, VariantResult } from "../contract.js";
import { escapeHtml } from "./html-tables.js";

interface RawNode {
  id: string;
  type: string;
  parent?: string;
  hostBridge?: string;
  link?: unknown;
}

interface TreeNode {
  id: string;
  label: string;
  /** The link to its parent ("gen4x16"), or none. */
  link?: string;
  /** The link's name in links[] ("sw0-nvme0"), or none. */
  linkName?: string;
  children: TreeNode[];
  x: number;
  depth: number;
}

const COLUMN = 120;
const ROW = 70;

/** The forest (one tree per socket) of the resolved scenario, laid out: leaves evenly spaced. */
function layout(summary: Summary): TreeNode[] {
  const raw = summary.provenance?.scenario;
  const fabric = (raw?.fabric ?? []) as RawNode[];
  const platform = (raw?.platform ?? {}) as { hostBridges?: Array<{ id: string; socket?: string }> };
  const bridgeSocket = new Map((platform.hostBridges ?? []).map((hb) => [hb.id, hb.socket ?? "s0"]));
  const make = (id: string, label: string, extra: Partial<TreeNode> = {}): TreeNode => ({ id, label, children: [], x: 0, depth: 0, ...extra });
  const nodes = new Map(fabric.map((n) => [n.id, make(n.id, n.id, n.link !== undefined ? { link: String(n.link), linkName: `${n.parent}-${n.id}` } : {})]));
  const sockets = new Map<string, TreeNode>();
  const bridges = new Map<string, TreeNode>();
  for (const n of fabric) {
    const node = nodes.get(n.id)!;
    if (n.type === "root-port") {
      const hb = n.hostBridge ?? "hb0";
      let bridge = bridges.get(hb);
      if (bridge === undefined) {
        bridge = make(`hb:${hb}`, hb);
        bridges.set(hb, bridge);
        const socket = bridgeSocket.get(hb) ?? "s0";
        let s = sockets.get(socket);
        if (s === undefined) sockets.set(socket, (s = make(`dram:${socket}`, `${socket} DRAM`)));
        s.children.push(bridge);
      }
      bridge.children.push(node);
    } else if (n.parent !== undefined) {
      nodes.get(n.parent)?.children.push(node);
    }
  }
  let leaf = 0;
  const place = (node: TreeNode, depth: number): void => {
    node.depth = depth;
    node.children.forEach((c) => place(c, depth + 1));
    node.x = node.children.length === 0 ? leaf++ : (node.children[0]!.x + node.children[node.children.length - 1]!.x) / 2;
  };
  const roots = [...sockets.values()];
  roots.forEach((r) => place(r, 0));
  return roots;
}

/** One SVG per variant, the links it used highlighted. */
export function topologySvgs(summary: Summary, colors: readonly string[]): string[] {
  const roots = layout(summary);
  if (roots.length === 0) return [];
  const all: TreeNode[] = [];
  const walk = (n: TreeNode) => {
    all.push(n);
    n.children.forEach(walk);
  };
  roots.forEach(walk);
  const width = (Math.max(...all.map((n) => n.x)) + 1) * COLUMN;
  const height = (Math.max(...all.map((n) => n.depth)) + 1) * ROW;
  return summary.variants.map((v, i) => drawing(v, all, width, height, colors[i % colors.length]!));
}

function drawing(v: VariantResult, nodes: readonly TreeNode[], width: number, height: number, color: string): string {
  const used = new Set(v.links.filter((l) => l.bytes > 0).map((l) => l.link));
  const busySockets = new Set(v.dram.sockets.filter((s) => s.bytes > 0).map((s) => `dram:${s.socket}`));
  const cx = (n: TreeNode) => n.x * COLUMN + COLUMN / 2;
  const cy = (n: TreeNode) => n.depth * ROW + 22;
  const edges: string[] = [];
  const labels: string[] = [];
  const isUsed = (n: TreeNode): boolean => (n.linkName !== undefined ? used.has(n.linkName) : n.children.some(isUsed));
  for (const parent of nodes) {
    for (const child of parent.children) {
      const on = child.linkName !== undefined ? used.has(child.linkName) : parent.id.startsWith("dram:") ? busySockets.has(parent.id) && isUsed(child) : isUsed(child);
      edges.push(`<line x1="${cx(parent)}" y1="${cy(parent) + 10}" x2="${cx(child)}" y2="${cy(child) - 10}" stroke="${on ? color : "#bbb"}" stroke-width="${on ? 5 : 1.5}"/>`);
      if (child.link) labels.push(`<text x="${(cx(parent) + cx(child)) / 2 + 4}" y="${(cy(parent) + cy(child)) / 2 + 4}" font-size="10" fill="#555">${escapeHtml(child.link)}</text>`);
    }
  }
  const boxes = nodes.map((n) => {
    const w = Math.max(48, 7 * n.label.length + 12);
    return `<rect x="${cx(n) - w / 2}" y="${cy(n) - 10}" width="${w}" height="20" rx="4" fill="#fff" stroke="#555"/><text x="${cx(n)}" y="${cy(n) + 4}" font-size="11" text-anchor="middle">${escapeHtml(n.label)}</text>`;
  });
  return `<figure class="topology"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="topology, ${escapeHtml(v.path)}">${edges.join("")}${labels.join("")}${boxes.join("")}</svg><figcaption>${escapeHtml(v.path)}: links that carried data in colour</figcaption></figure>`;
}
