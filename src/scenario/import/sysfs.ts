/**
 * A copy of sysfs to a captured machine. Linux lays PCI devices out as folders whose nesting is the
 * tree: `/sys/devices/pci0000:16/0000:16:02.0/0000:17:00.0/` is a device below the bridge
 * 0000:16:02.0 on root bus 0000:16 (`/sys/bus/pci/devices/*` are links into it). Each holds
 * attribute files: `class`, `vendor`, `device`, `numa_node`, `current_link_speed` ("8.0 GT/s
 * PCIe"), `current_link_width`, `max_link_*`, `resource` (BARs), `secondary_bus_number`,
 * `subordinate_bus_number`, `config` (the configuration space: payload sizes, ACS, ATS; only its
 * first 64 bytes without root) and, with an IOMMU on, `iommu_group`.
 *
 * Read from a folder, a tar file of one (`tar -cf` of `/sys/devices/pci*`, or `tar -chf` of the
 * links' targets: files padded with NULs to 4096 bytes are read up to the first NUL), or this
 * machine's `/sys`. Device folders are found at any depth; a copy that holds a device at several
 * paths (following links flattens them) takes its parent from the nested one, else from bus numbers.
 */
import { readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { readBounded } from "./read-bounded.js";
import { basename, join } from "node:path";
import { UsageError } from "../../messages.js";
import type { CapturedBar, CapturedDevice, CapturedMachine } from "./captured-machine.js";
import { parseConfigSpace } from "./config-space.js";
import { placementsFromBusNumbers } from "./lspci-tree.js";
import { importComment, importError, importNote } from "./messages.js";
import { classNameOf } from "./pci-ids.js";
import { looksLikeTar, readTar } from "./tar.js";

const BDF = /^([0-9a-f]{4,8}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/;
const ROOT_BUS = /^pci([0-9a-f]{4,8}):([0-9a-f]{2})$/;
const ATTRIBUTES = [
  "class", "vendor", "device", "numa_node", "current_link_speed", "current_link_width", "max_link_speed", "max_link_width",
  "resource", "secondary_bus_number", "subordinate_bus_number", "config", "uevent",
] as const;
type Attribute = (typeof ATTRIBUTES)[number];

/** A device folder found in the copy: its path segments and what it holds. */
interface DeviceFolder {
  readonly segments: readonly string[];
  readonly files: Partial<Record<Attribute, Buffer>>;
  readonly iommuGroup: boolean;
  readonly driver?: string;
}

/** The machine a sysfs copy (folder or tar file) describes; `undefined` reads this machine's /sys. */
export function machineFromSysfs(source: string | undefined): CapturedMachine {
  const file = source ?? "/sys";
  const folders = source === undefined ? liveFolders() : readSource(source);
  const byBdf = new Map<string, DeviceFolder[]>();
  for (const f of folders) {
    const bdf = f.segments.at(-1)!;
    byBdf.set(bdf, [...(byBdf.get(bdf) ?? []), f]);
  }
  if (byBdf.size === 0) throw new UsageError(importError.noDevices(file, "sysfs device folders named like 0000:17:00.0 (a copy of /sys/devices/pci*)"));
  let noConfig = 0;
  let iommuGroups = 0;
  const devices: CapturedDevice[] = [...byBdf.entries()].map(([bdf, copies]) => {
    const richest = copies.reduce((a, b) => (Object.keys(b.files).length > Object.keys(a.files).length ? b : a));
    const nested = copies.find((c) => c.segments.length >= 2 && BDF.test(c.segments.at(-2)!));
    const rooted = copies.map((c) => c.segments.find((s) => ROOT_BUS.test(s))).find((s) => s !== undefined);
    const device = deviceOf(bdf, richest, `${file}: ${richest.segments.join("/")}`, file);
    if (!device.capabilitiesSeen) noConfig++;
    if (copies.some((c) => c.iommuGroup)) iommuGroups++;
    return {
      ...device,
      ...(nested ? { parent: nested.segments.at(-2)! } : {}),
      ...(rooted ? { rootBus: rooted.slice(3) } : {}),
    };
  });
  // Devices the copy holds only flat take their place from bus numbers.
  const fromBus = placementsFromBusNumbers(devices);
  const placed = devices.map((d) => {
    if (d.parent !== undefined || d.rootBus !== undefined) return withRoot(d, devices);
    const p = fromBus.get(d.bdf)!;
    return { ...d, ...(p.parent !== undefined ? { parent: p.parent } : {}), rootBus: p.rootBus };
  });
  const notes = noConfig > 0 ? [importNote.sysfsNoConfig(noConfig)] : [];
  const iommu =
    iommuGroups > 0
      ? { on: true, evidence: `${iommuGroups} device(s) have an iommu_group (Linux makes them when an IOMMU is on)` }
      : noConfig === devices.length
        ? { on: false, evidence: "no device has an iommu_group (Linux makes one for every device when an IOMMU is on)" }
        : undefined;
  return { format: source === undefined ? "sysfs of this machine" : "sysfs", file, devices: placed, notes, ...(iommu ? { iommu } : {}) };
}

/** A device nested below a bridge but with no pci folder above: its root bus is its top bridge's bus. */
function withRoot(d: CapturedDevice, all: readonly CapturedDevice[]): CapturedDevice {
  if (d.rootBus !== undefined) return d;
  const byBdf = new Map(all.map((x) => [x.bdf, x]));
  let top = d;
  const seen = new Set<string>();
  while (top.parent !== undefined && byBdf.has(top.parent) && !seen.has(top.parent)) {
    seen.add(top.parent);
    top = byBdf.get(top.parent)!;
  }
  return { ...d, rootBus: top.rootBus ?? top.bdf.slice(0, top.bdf.lastIndexOf(":")) };
}

/** One device's attributes. */
function deviceOf(bdf: string, folder: DeviceFolder, where: string, file: string): CapturedDevice {
  const text = (name: Attribute): string | undefined => {
    const raw = folder.files[name];
    if (raw === undefined) return undefined;
    const nul = raw.indexOf(0);
    return raw.subarray(0, nul < 0 ? raw.length : nul).toString("latin1").trim();
  };
  const bad = (name: string, seen: string, expected: string): never => {
    throw new UsageError(importError.atPath(file, `${folder.segments.join("/")}/${name}`, importError.badValue(name, seen, expected)));
  };
  const hexNumber = (name: Attribute, digits: number): number | undefined => {
    const t = text(name);
    if (t === undefined || t === "") return undefined;
    if (!new RegExp(`^0x[0-9a-f]{1,${digits}}$`, "i").test(t)) return bad(name, t, `a hex number such as 0x${"0".repeat(digits)}`);
    return parseInt(t, 16);
  };
  const decimal = (name: Attribute): number | undefined => {
    const t = text(name);
    if (t === undefined || t === "") return undefined;
    if (!/^-?\d+$/.test(t)) return bad(name, t, "a whole number");
    return Number(t);
  };
  const speed = (name: Attribute): number | undefined => {
    const t = text(name);
    if (t === undefined || t === "" || /^unknown/i.test(t)) return undefined;
    const m = /^([\d.]+) ?GT\/s/.exec(t);
    if (!m || ![2.5, 5, 8, 16, 32, 64].includes(Number(m[1]))) return bad(name, t, "a PCIe rate such as '8.0 GT/s PCIe'");
    return Number(m[1]);
  };

  const classCode = hexNumber("class", 6);
  const vendorId = hexNumber("vendor", 4);
  const deviceId = hexNumber("device", 4);
  const config = folder.files.config ? parseConfigSpace(folder.files.config) : { capabilitiesSeen: false };
  const staSpeed = speed("current_link_speed");
  const staWidth = decimal("current_link_width");
  const capSpeed = speed("max_link_speed");
  const capWidth = decimal("max_link_width");
  const secondary = decimal("secondary_bus_number");
  const subordinate = decimal("subordinate_bus_number");
  const numa = decimal("numa_node");
  const linkSta = staSpeed !== undefined && staWidth !== undefined ? { gts: staSpeed, width: staWidth } : config.linkSta;
  const linkCap = capSpeed !== undefined && capWidth !== undefined ? { gts: capSpeed, width: capWidth } : config.linkCap;
  const below = linkSta !== undefined && linkCap !== undefined && (linkSta.gts < linkCap.gts || linkSta.width < linkCap.width);
  const driver = folder.driver ?? /^DRIVER=(.+)$/m.exec(text("uevent") ?? "")?.[1];
  const bus =
    secondary !== undefined
      ? { primary: parseInt(bdf.split(":")[1]!, 16), secondary, subordinate: subordinate ?? secondary }
      : config.bus;
  return {
    bdf,
    where,
    ...(classCode !== undefined ? { classCode, className: classNameOf(classCode >> 8) ?? `Class ${(classCode >> 8).toString(16).padStart(4, "0")}` } : {}),
    ...(vendorId !== undefined && deviceId !== undefined ? { vendorId, deviceId } : {}),
    ...(config.portType !== undefined ? { portType: config.portType } : {}),
    ...(linkCap !== undefined ? { linkCap } : {}),
    ...(linkSta !== undefined ? { linkSta } : {}),
    ...(staSpeed !== undefined && staWidth !== undefined
      ? { linkNote: importComment.linkSysfs(text("current_link_speed")!, String(staWidth), text("max_link_speed"), text("max_link_width"), below) }
      : {}),
    ...(config.mpsCap !== undefined ? { mpsCap: config.mpsCap } : {}),
    ...(config.mpsCtl !== undefined ? { mpsCtl: config.mpsCtl } : {}),
    ...(config.mrrs !== undefined ? { mrrs: config.mrrs } : {}),
    ...(config.tagBits !== undefined ? { tagBits: config.tagBits } : {}),
    ...(config.acs !== undefined ? { acs: config.acs } : {}),
    capabilitiesSeen: config.capabilitiesSeen,
    ...(config.ats !== undefined ? { ats: config.ats } : {}),
    bars: barsOf(text("resource")),
    ...(bus !== undefined ? { bus } : {}),
    ...(numa !== undefined ? { numaNode: numa } : {}),
    ...(driver !== undefined ? { driver } : {}),
  };
}

/** BARs 0-5 from `resource`: one `start end flags` line per resource, in hex. */
function barsOf(resource: string | undefined): CapturedBar[] {
  if (resource === undefined) return [];
  const bars: CapturedBar[] = [];
  resource.split("\n").slice(0, 6).forEach((line, index) => {
    const m = /^0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)$/i.exec(line.trim());
    if (!m) return;
    const start = BigInt(`0x${m[1]!}`);
    const end = BigInt(`0x${m[2]!}`);
    const flags = Number(BigInt(`0x${m[3]!}`) & 0xffffffffn);
    if (end <= start || (flags & 0x300) === 0) return;
    bars.push({ index, sizeBytes: Number(end - start + 1n), prefetchable: (flags & 0x2000) !== 0, io: (flags & 0x100) !== 0 });
  });
  return bars;
}

/** Device folders of a folder or tar file. */
function readSource(source: string): DeviceFolder[] {
  let stat;
  try {
    stat = statSync(source);
  } catch (error) {
    throw new UsageError(importError.cannotRead(source, (error as NodeJS.ErrnoException).code ?? "error"));
  }
  if (stat.isDirectory()) return folderDevices(source, []);
  const archive = readBounded(source);
  if (!looksLikeTar(archive)) throw new UsageError(importError.notTar(source, 0, "expected a folder or a tar file of sysfs (tar -cf, uncompressed)"));
  return tarDevices(readTar(archive, source));
}

/** This machine's PCI devices: every /sys/devices/pci* tree. */
function liveFolders(): DeviceFolder[] {
  const base = "/sys/devices";
  let names: string[];
  try {
    names = readdirSync(base).filter((n) => ROOT_BUS.test(n));
  } catch (error) {
    throw new UsageError(importError.cannotRead(base, (error as NodeJS.ErrnoException).code ?? "error"));
  }
  return names.flatMap((n) => folderDevices(join(base, n), [n]));
}

/** Walks a folder, descending below a device folder only into device folders; symbolic links are not followed. */
function folderDevices(dir: string, segments: readonly string[], depth = 0): DeviceFolder[] {
  if (depth > 40) return [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const insideDevice = segments.length > 0 && BDF.test(segments.at(-1)!);
  const out: DeviceFolder[] = [];
  if (insideDevice) {
    const files: Partial<Record<Attribute, Buffer>> = {};
    for (const name of ATTRIBUTES) {
      const entry = entries.find((e) => e.name === name);
      if (entry?.isFile()) {
        try {
          files[name] = readFileSync(join(dir, name));
        } catch {
          // unreadable attribute (permissions): left out, as lspci leaves out what it cannot read
        }
      }
    }
    let driver: string | undefined;
    if (entries.find((e) => e.name === "driver")?.isSymbolicLink()) {
      try {
        driver = basename(readlinkSync(join(dir, "driver")));
      } catch {
        driver = undefined;
      }
    }
    out.push({ segments, files, iommuGroup: entries.some((e) => e.name === "iommu_group"), ...(driver ? { driver } : {}) });
  }
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    if (insideDevice && !BDF.test(e.name)) continue;
    out.push(...folderDevices(join(dir, e.name), [...segments, e.name], depth + 1));
  }
  return out;
}

/** Device folders of a tar archive's entries. */
function tarDevices(entries: ReturnType<typeof readTar>): DeviceFolder[] {
  const folders = new Map<string, { segments: string[]; files: Partial<Record<Attribute, Buffer>>; iommuGroup: boolean }>();
  const folderOf = (dir: string) => {
    let f = folders.get(dir);
    if (f === undefined) {
      f = { segments: dir.split("/"), files: {}, iommuGroup: false };
      folders.set(dir, f);
    }
    return f;
  };
  for (const e of entries) {
    const parts = e.path.split("/");
    if (e.type === "dir" && BDF.test(parts.at(-1)!)) folderOf(e.path);
    const name = parts.at(-1)!;
    const dir = parts.slice(0, -1).join("/");
    if (parts.length < 2 || !BDF.test(parts.at(-2)!)) continue;
    if (name === "iommu_group") folderOf(dir).iommuGroup = true;
    else if (e.type === "file" && (ATTRIBUTES as readonly string[]).includes(name)) folderOf(dir).files[name as Attribute] = e.data!;
  }
  // Trim each device's path to the part that matters: from the first pci root or device folder on.
  return [...folders.values()].map((f) => {
    const first = f.segments.findIndex((s) => ROOT_BUS.test(s) || BDF.test(s));
    return { ...f, segments: f.segments.slice(Math.max(0, first)) };
  });
}
