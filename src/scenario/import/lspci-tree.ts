/**
 * The PCI tree of a capture: who hangs below which bridge, and on which root bus. Two sources:
 *
 * - `lspci -tv` (or `-tvnn`), the drawing: `-[0000:00]-+-00.0  Intel ...` opens root bus 00 of
 *   domain 0000; `+-02.0-[05-06]--` is a bridge whose secondary bus is 05; the devices printed to
 *   its right, and below at the same column, are on bus 05. Each device's bus is found from the
 *   column of its branch (`+-`, `\-` or `--`), which lspci keeps for every child of one bus.
 * - Without the drawing, the bridges' bus numbers: a device on bus B hangs below the bridge whose
 *   secondary bus is B; a bus no bridge leads to is a root bus.
 */
import { UsageError } from "../../messages.js";
import type { CapturedDevice } from "./captured-machine.js";
import { busOf, formatBdf, hex } from "./captured-machine.js";
import { importError } from "./messages.js";

/** Where a device sits: the bridge above it (none on a root bus) and its root bus (`0000:00`). */
export interface Placement {
  readonly parent?: string;
  readonly rootBus: string;
}

/** One device of an `lspci -tv` drawing. */
export interface TreeEntry {
  readonly bdf: string;
  readonly placement: Placement;
  /** The secondary bus of a bridge, when the drawing shows one. */
  readonly secondary?: number;
  readonly name: string;
  readonly line: number;
}

/** A bus range `[05-06]` (old pciutils: `[0000:05-06]`), a root bus `[0000:00]`, or a device `02.0`. */
const TOKEN = /\[(?:([0-9a-f]{4,8}):)?([0-9a-f]{2})(?:-([0-9a-f]{2}))?\]|([0-9a-f]{2})\.([0-7])/gi;

/** Parses an `lspci -tv` drawing into its devices, in the order drawn. */
export function parseLspciTree(text: string, file: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  const busAtColumn = new Map<number, { domain: number; bus: number; root: string }>();
  const bridgeOf = new Map<string, string>(); // "domain:bus" -> bridge bdf leading to it
  let domain = 0;
  let root = "";
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    let opener: { domain: number; bus: number; root: string } | undefined;
    let lastDevice: { bdf: string; index: number; end: number } | undefined;
    let found = false;
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(raw); m !== null; m = TOKEN.exec(raw)) {
      found = true;
      if (m[2] !== undefined) {
        const afterDevice = lastDevice !== undefined && m.index === lastDevice.end + 1 && raw[m.index - 1] === "-";
        if (!afterDevice) {
          if (m[1] === undefined) throw new UsageError(importError.at(file, line, importError.expectedTreeLine(raw)));
          domain = parseInt(m[1], 16);
          root = `${hex(domain, 4)}:${m[2].toLowerCase()}`;
          opener = { domain, bus: parseInt(m[2], 16), root };
          lastDevice = undefined;
          continue;
        }
        const secondary = parseInt(m[2], 16);
        opener = { domain, bus: secondary, root };
        bridgeOf.set(`${domain}:${secondary}`, lastDevice!.bdf);
        entries[lastDevice!.index] = { ...entries[lastDevice!.index]!, secondary };
      } else {
        if (raw[m.index - 1] !== "-") continue; // a number inside a device name
        const column = m.index - 2;
        if (opener !== undefined) busAtColumn.set(column, opener);
        const bus = busAtColumn.get(column);
        if (bus === undefined) throw new UsageError(importError.at(file, line, importError.expectedTreeLine(raw)));
        const bdf = formatBdf(bus.domain, bus.bus, parseInt(m[4]!, 16), Number(m[5]));
        const parent = bridgeOf.get(`${bus.domain}:${bus.bus}`);
        const after = raw.slice(m.index + m[0].length);
        const name = /^\s{2,}(.*)$/.exec(after)?.[1]?.trim() ?? "";
        entries.push({ bdf, placement: { ...(parent !== undefined ? { parent } : {}), rootBus: bus.root }, name, line });
        lastDevice = { bdf, index: entries.length - 1, end: m.index + m[0].length };
        opener = undefined;
        if (name !== "" || !after.startsWith("-")) break; // the rest of the line is the name
      }
    }
    if (!found && !/^[\s|\\+-]*$/.test(raw)) throw new UsageError(importError.at(file, line, importError.expectedTreeLine(raw)));
  });
  if (entries.length === 0) throw new UsageError(importError.noDevices(file, "an lspci -tv drawing such as '-[0000:00]-+-00.0  Intel ...'"));
  return entries;
}

/**
 * The tree from bus numbers: each device's parent is the bridge whose secondary bus is the
 * device's bus (in the same domain); devices on a bus no bridge leads to sit on a root bus.
 */
export function placementsFromBusNumbers(devices: readonly CapturedDevice[]): Map<string, Placement> {
  const bridgeTo = new Map<string, string>();
  for (const d of devices) {
    if (d.bus === undefined || d.bus.secondary === 0) continue;
    const key = `${d.bdf.slice(0, d.bdf.indexOf(":"))}:${hex(d.bus.secondary, 2)}`;
    if (!bridgeTo.has(key) && key !== busOf(d.bdf)) bridgeTo.set(key, d.bdf);
  }
  const parentOf = (bdf: string): string | undefined => bridgeTo.get(busOf(bdf));
  const placements = new Map<string, Placement>();
  for (const d of devices) {
    let top = d.bdf;
    const seen = new Set<string>([top]);
    for (let up = parentOf(top); up !== undefined && !seen.has(up); up = parentOf(up)) {
      seen.add(up);
      top = up;
    }
    const parent = parentOf(d.bdf);
    placements.set(d.bdf, { ...(parent !== undefined && parent !== d.bdf ? { parent } : {}), rootBus: busOf(top) });
  }
  return placements;
}

/** Placements from a parsed drawing, checked against the -vvv records. */
export function placementsFromTree(entries: readonly TreeEntry[], devices: readonly CapturedDevice[], file: string): Map<string, Placement> {
  const known = new Set(devices.map((d) => d.bdf));
  const placements = new Map<string, Placement>();
  for (const e of entries) {
    if (!known.has(e.bdf)) throw new UsageError(importError.at(file, e.line, importError.treeMismatch(e.bdf)));
    placements.set(e.bdf, e.placement);
  }
  return placements;
}
