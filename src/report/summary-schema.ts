/**
 * What the text report reads of a `summary.json` (src/contract.ts, docs/output.md), as a zod
 * schema, so that `p2psim report DIR` of an edited or damaged file says which field is wrong
 * instead of failing inside the report. Only the fields the report reads are checked, with the types
 * the contract gives them; any other field may be anything (the contract grows by new fields).
 * The fabric the topology line draws must be a tree: a parent cycle or a chain deeper than the
 * tree depth limit would send the drawing round for ever or past the stack.
 */
import { z } from "zod";
import { MAX_TREE_DEPTH } from "../topology/check.js";
import { reportMessage } from "./messages.js";

const kernel = z.looseObject({ mapType: z.string(), distance: z.number(), topo: z.string(), reason: z.string() });
const bottleneck = z.looseObject({ resource: z.string(), utilization: z.number(), reason: z.string() });

const flow = z.looseObject({
  flow: z.string(),
  path: z.string(),
  supported: z.boolean(),
  note: z.string().optional(),
  kernel,
  throughputGBps: z.number(),
  latencyNs: z.looseObject({ p99: z.number() }),
  bottleneck: bottleneck.optional(),
});

const device = z.looseObject({
  device: z.string(),
  bytesOut: z.number(),
  bytesIn: z.number(),
  outGBps: z.number(),
  inGBps: z.number(),
  flows: z.array(z.string()),
});

const variant = z.looseObject({ path: z.string(), flows: z.array(flow), devices: z.array(device).optional() });

const fabricNode = z.looseObject({
  id: z.string(),
  type: z.string(),
  parent: z.string().optional(),
  hostBridge: z.string().optional(),
  link: z.string().optional(),
});

const fabric = z.array(fabricNode).superRefine((nodes, ctx) => {
  const parentOf = new Map<string, string | undefined>();
  nodes.forEach((node, i) => {
    if (parentOf.has(node.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: reportMessage.summaryFabricDuplicate(node.id) });
    else parentOf.set(node.id, node.parent);
  });
  nodes.forEach((node, i) => {
    let id: string | undefined = node.id;
    for (let levels = 0; id !== undefined; levels++) {
      if (levels > MAX_TREE_DEPTH) {
        ctx.addIssue({ code: "custom", path: [i, "parent"], message: reportMessage.summaryFabricNotTree(node.id, MAX_TREE_DEPTH) });
        return;
      }
      id = parentOf.get(id);
    }
  });
});

const provenance = z.looseObject({
  tool: z.looseObject({ version: z.string() }),
  scenario: z.looseObject({ fabric: fabric.optional() }),
  digest: z.string(),
  command: z.string(),
});

export const summarySchema = z.looseObject({
  scenario: z.string(),
  description: z.string().optional(),
  variants: z.array(variant),
  provenance: provenance.optional(),
});

/**
 * The first thing the report cannot read in `data` (a parsed summary.json), as `field.path: what
 * was found; what is expected`; `undefined` when the report can read it all.
 */
export function summaryProblem(data: unknown): string | undefined {
  const result = summarySchema.safeParse(data);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String).join(".") || "(the file)";
  if (issue.code !== "invalid_type") return `${path}: ${issue.message}`;
  const value = valueAt(data, issue.path);
  return `${path}: ${value === undefined ? reportMessage.summaryFieldMissing(issue.expected) : reportMessage.summaryFieldType(value, issue.expected)}`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) value = typeof value === "object" && value !== null && Object.hasOwn(value, key) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}
