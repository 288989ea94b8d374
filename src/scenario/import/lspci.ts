/**
 * `lspci -vvv` (and optionally `lspci -tv`) to a captured machine: the records, each placed in the
 * tree the drawing shows or, without one, the tree the bridges' bus numbers give.
 */
import type { CapturedMachine } from "./captured-machine.js";
import { parseLspci } from "./lspci-parse.js";
import { parseLspciTree, placementsFromBusNumbers, placementsFromTree } from "./lspci-tree.js";
import { importNote } from "./messages.js";

/** A text and the file it came from. */
export interface Capture {
  readonly text: string;
  readonly file: string;
}

/** The machine an `lspci -vvv` capture describes; `tree` is its `lspci -tv`, when there is one. */
export function machineFromLspci(vvv: Capture, tree?: Capture): CapturedMachine {
  const parsed = parseLspci(vvv.text, vvv.file);
  const fromBus = placementsFromBusNumbers(parsed.devices);
  const drawn = tree ? placementsFromTree(parseLspciTree(tree.text, tree.file), parsed.devices, tree.file) : undefined;
  const devices = parsed.devices.map((d) => {
    const place = drawn?.get(d.bdf) ?? fromBus.get(d.bdf)!;
    return { ...d, ...(place.parent !== undefined ? { parent: place.parent } : {}), rootBus: place.rootBus };
  });
  const notes = [
    ...(parsed.hiddenCapabilities > 0 ? [importNote.noRoot(parsed.hiddenCapabilities)] : []),
    ...(parsed.numericIds ? [] : [importNote.noNumericIds()]),
    tree ? importNote.treeFromTv(tree.file) : importNote.treeFromBusNumbers(),
  ];
  const grouped = devices.filter((d) => d.iommuGroup).length;
  const iommu = grouped > 0 ? { iommu: { on: true, evidence: `lspci shows an IOMMU group for ${grouped} device(s) (Linux makes them when an IOMMU is on)` } } : {};
  return { format: tree ? "lspci -vvv and lspci -tv" : "lspci -vvv", file: vvv.file, devices, notes, ...iommu };
}
