/**
 * From a captured machine to a scenario file: arrange the functions (`machine-tree.ts`), plan the
 * platform, the fabric and a small workload, and write YAML through the `yaml` package's Document
 * API so that every note is a real YAML comment beside its value. The text validates against the
 * scenario schema; the same plan is also returned as plain data.
 */
import { basename } from "node:path";
import { Document, isMap, isScalar, isSeq, type Node } from "yaml";
import { UsageError } from "../../messages.js";
import type { CapturedDevice, CapturedMachine } from "./captured-machine.js";
import { shortBdf } from "./captured-machine.js";
import { defaultWorkload } from "./default-workload.js";
import { planFabric } from "./fabric-plan.js";
import { machineTree, type Branch } from "./machine-tree.js";
import { importComment as say, importError } from "./messages.js";
import { entryData, type NotedEntry, type NotedField } from "./noted.js";
import { planPlatform } from "./platform-plan.js";

export interface ImportedScenario {
  /** The scenario as YAML with comments. */
  readonly text: string;
  /** The same scenario as plain data (what the YAML parses to). */
  readonly data: Record<string, unknown>;
  /** Scenario id of each captured function that became a node, by BDF. */
  readonly idOf: ReadonlyMap<string, string>;
  /** Notes about the capture for the user (also at the top of the text). */
  readonly notes: readonly string[];
}

/** A scenario name from a file name: `sys-lspci.txt` -> `sys-lspci`. */
export function scenarioName(file: string): string {
  const stem = basename(file).replace(/\.(txt|xml|ya?ml|tar|json)$/i, "").replace(/[^\w.-]+/g, "-");
  return /^[A-Za-z]/.test(stem) ? stem : `machine-${stem}`;
}

/** The scenario of a captured machine. */
export function importedScenario(machine: CapturedMachine, name = scenarioName(machine.file)): ImportedScenario {
  const tree = machineTree(machine);
  const integrated = [...tree.hostBridges, ...tree.bare].flatMap((hb) => hb.integrated.filter((d) => d.bdf !== hb.device?.bdf));
  const platform = planPlatform(machine, tree);
  const fabric = planFabric(tree, platform.hostBridgeOf, { iommuOn: platform.iommuOn, implicitPorts: machine.implicitPorts === true, barsUnknown: machine.barsUnknown === true });
  if (!fabric.endpoints.some((e) => !e.isFunction)) {
    throw new UsageError(importError.noPcieDevices(machine.file, [...integrated, ...tree.bare.flatMap((b) => (b.device ? [b.device] : []))].map((d) => shortBdf(d.bdf))));
  }
  const work = defaultWorkload(fabric.endpoints);

  const leftOut: string[] = [];
  const list = (devices: readonly { bdf: string; name?: string }[]) => devices.map((d) => shortBdf(d.bdf));
  if (integrated.length > 0) leftOut.push(say.leftOut("on a root bus, no PCIe link of their own: chipset and root-complex integrated devices", list(integrated)));
  for (const hb of tree.bare) leftOut.push(say.leftOut(`root bus ${hb.rootBus} has no root port`, [`${hb.integrated.length} device(s)`]));
  if (tree.unplaced.length > 0) leftOut.push(say.leftOut("their bridge is not in the capture", list(tree.unplaced)));
  const extras = tree.hostBridges.flatMap((hb) => hb.rootPorts.flatMap((rp) => [...rp.extra, ...switchExtras(rp.child)]));
  if (extras.length > 0) leftOut.push(say.leftOut("further functions of a switch", list(extras)));

  const notes = [...machine.notes];
  const header = [say.header(machine.format, basename(machine.file)), say.legend(), say.preset(`platforms/${platform.preset.preset}`, platform.presetWhy), ...notes, ...leftOut];

  const platformFields: NotedField[] = [
    platform.cpu,
    { key: "sockets", value: platform.sockets.map(entryData) },
    platform.interconnect,
    { key: "hostBridges", value: platform.hostBridges.map(entryData) },
    ...(fabric.mps ? [fabric.mps] : []),
    ...(fabric.kernel ? [fabric.kernel] : []),
  ];
  const data: Record<string, unknown> = {
    name,
    description: `${machine.format} capture ${basename(machine.file)}, imported`,
    seed: 1,
    platform: Object.fromEntries(platformFields.map((f) => [f.key, f.value])),
    fabric: fabric.entries.map(entryData),
    workloads: [entryData(work.workload)],
    compare: [...work.compare],
  };

  const doc = new Document(data);
  doc.commentBefore = comment(header.join("\n"));
  const at = (path: readonly (string | number)[]) => doc.getIn(path, true) as Node | undefined;
  const annotate = (path: readonly (string | number)[], field: NotedField) => {
    const node = at([...path, field.key]);
    if (node === undefined) return;
    if (isMap(node)) node.flow = true;
    if (isScalar(node) && field.key === "deviceId") node.type = "QUOTE_DOUBLE";
    if (field.note !== undefined) node.comment = comment(field.note);
  };
  const annotateEntry = (path: readonly (string | number)[], entry: NotedEntry) => {
    const node = at(path);
    if (node !== undefined && entry.before !== undefined) node.commentBefore = comment(entry.before);
    for (const f of entry.fields) annotate(path, f);
  };
  for (const f of platformFields) if (f.key !== "sockets" && f.key !== "hostBridges") annotate(["platform"], f);
  platform.sockets.forEach((e, i) => annotateEntry(["platform", "sockets", i], e));
  platform.hostBridges.forEach((e, i) => annotateEntry(["platform", "hostBridges", i], e));
  fabric.entries.forEach((e, i) => annotateEntry(["fabric", i], e));
  annotateEntry(["workloads", 0], work.workload);
  const workloadNode = at(["workloads", 0]);
  if (isMap(workloadNode)) workloadNode.flow = true;
  const compareNode = at(["compare"]);
  if (isSeq(compareNode)) compareNode.flow = true;

  return { text: doc.toString({ lineWidth: 0 }), data, idOf: fabric.idOf, notes };
}

function switchExtras(branch: Branch | undefined): CapturedDevice[] {
  if (branch === undefined || branch.type === "endpoint") return [];
  return [...branch.extra, ...branch.ports.flatMap((p) => switchExtras(p.child))];
}

/** A YAML comment's text: each line after a space. */
function comment(text: string): string {
  return text
    .split("\n")
    .map((line) => ` ${line}`)
    .join("\n");
}
