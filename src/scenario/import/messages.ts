/**
 * Every text the importers show: errors about a capture (each names the file, the line or path,
 * and what was expected) and the comments written into an imported scenario (where a number came
 * from, or that it is assumed). One catalogue, after vega-lite's log/message.ts; src/messages.ts
 * holds the rest of p2psim's messages.
 */

/** Errors: thrown as `UsageError` (exit 2), prefixed with where the problem is. */
export const importError = {
  at: (file: string, line: number, what: string) => `${file}:${line}: ${what}`,
  atPath: (file: string, path: string, what: string) => `${file}: ${path}: ${what}`,
  cannotRead: (file: string, code: string) => `${file}: cannot read it (${code})`,
  cannotWrite: (file: string, code: string) => `${file}: cannot write it (${code})`,
  tooLarge: (file: string, limit: number) => `${file}: more than ${limit / 2 ** 20} MiB, too large for a capture of a machine (a device such as /dev/zero?); give the capture file`,
  readOnly: (file: string) => `${file}: the file is read-only (no write permission for anyone); make it writable or choose another path`,
  emptyOut: () => `-o: give a file name (it was empty)`,
  empty: (file: string, what: string) => `${file}: empty; expected ${what}`,
  expectedRecord: (seen: string) => `expected a device record such as '00:01.0 PCI bridge: ...' (lspci -vvv), found '${clip(seen)}'`,
  expectedTreeLine: (seen: string) => `expected a line of 'lspci -tv' such as '-[0000:00]-+-00.0  Intel ...', found '${clip(seen)}'`,
  badValue: (field: string, seen: string, expected: string) => `${field}: '${clip(seen)}' is not ${expected}`,
  duplicate: (bdf: string, first: string) => `${bdf} appears twice (first at ${first})`,
  treeMismatch: (bdf: string) => `${bdf} is in the tree (--tree) but has no record in the -vvv capture`,
  noPcieDevices: (file: string, left: readonly string[]) =>
    `${file}: no PCIe device below a root port to model${left.length > 0 ? ` (only devices without a PCIe link: ${left.slice(0, 6).join(", ")}${left.length > 6 ? ", ..." : ""})` : ""}`,
  noDevices: (file: string, expected: string) => `${file}: no PCI device found; expected ${expected}`,
  notTar: (file: string, offset: number, what: string) => `${file}: not a tar archive at byte ${offset}: ${what}`,
  xml: (file: string, line: number, what: string) => `${file}:${line}: not NCCL topology XML: ${what}`,
  ncclVersion: (seen: string) => `<system version="${seen}">: expected version="1" (NCCL_TOPO_XML_VERSION)`,
  ncclAttribute: (element: string, attribute: string, seen: string, expected: string) =>
    `<${element} ${attribute}="${clip(seen)}">: expected ${expected}`,
  unknownFormat: (verb: string, format: string, known: readonly string[]) => `${verb}: unknown format '${format}'; formats: ${known.join(", ")}`,
} as const;

/** Notes about a capture as a whole: printed on stderr and written at the top of the scenario. */
export const importNote = {
  noRoot: (count: number) =>
    `lspci could not read the capabilities of ${count} device(s) ('<access denied>': it ran without root); their links, payload sizes and ACS are assumed. Capture as root for the real figures.`,
  noNumericIds: () => `lspci ran without -nn: no vendor:device IDs; host bridge IDs are looked up by name where known`,
  treeFromBusNumbers: () => `tree derived from the bridges' primary/secondary/subordinate bus numbers (no lspci -tv given)`,
  treeFromTv: (file: string) => `tree from ${file} (lspci -tv)`,
  sysfsNoConfig: (count: number) =>
    `${count} device(s) without a readable 'config' (captured without root, or a copy that dropped it): their payload sizes and ACS are assumed`,
  ncclNoHostBridges: () => `NCCL's topology names no host bridges or root ports: one host bridge per CPU (NUMA node) and one root port per device or switch below it, assumed`,
} as const;

/** Comments written beside values in the imported scenario. */
export const importComment = {
  header: (format: string, file: string) => `Imported by p2psim from ${file} (${format}).`,
  legend: () => `Numbers from the capture say where they came from; what the capture cannot know is marked "assumed".`,
  preset: (preset: string, why: string) => `Platform figures (DRAM, interconnect, IOMMU, P2P forwarding) from preset ${preset}, assumed: ${why}.`,
  leftOut: (what: string, list: readonly string[]) => `Not modelled (${what}): ${list.join(", ")}.`,
  device: (bdf: string, label: string) => `${bdf} ${label}`,
  link: (sta: string, cap: string | undefined, below: boolean) =>
    `LnkSta ${sta}${cap === undefined ? "" : below ? ` (LnkCap ${cap}: the link trained below its capability)` : ` (LnkCap ${cap})`}`,
  linkFromPort: (port: string, sta: string) => `LnkSta ${sta} of the port above (${port}); the device's own link status was not captured`,
  linkRounded: (sta: string, used: string) => `LnkSta ${sta}; modelled as ${used}, the nearest width the model has`,
  linkAssumed: (link: string, why: string) => `assumed ${link}: ${why}`,
  linkNcclMax: (speed: string, width: number) => `NCCL link_speed "${speed}" link_width ${width} (NCCL records the lower of the device's and its port's maximum, not the trained link)`,
  linkSysfs: (speed: string, width: string, maxSpeed: string | undefined, maxWidth: string | undefined, below: boolean) =>
    `current_link_speed ${speed}, current_link_width ${width}${maxSpeed !== undefined ? ` (max ${maxSpeed} x${maxWidth ?? "?"}${below ? ": the link trained below its capability" : ""})` : ""}`,
  kind: (from: string) => from,
  kindUnknown: (classText: string) => `generic: class ${classText} is not one p2psim knows; modelled as a generic endpoint`,
  dma: (mpsCap: number | undefined, mpsCtl: number | undefined, mrrs: number | undefined, tags: string) =>
    [
      mpsCap !== undefined ? `DevCap MaxPayload ${mpsCap}` : "MaxPayload assumed 256",
      mpsCtl !== undefined ? `DevCtl MaxPayload ${mpsCtl}` : undefined,
      mrrs !== undefined ? `MaxReadReq ${mrrs}` : "MaxReadReq assumed 512",
      tags,
    ]
      .filter((x) => x !== undefined)
      .join(", "),
  tags: (bits: number | undefined) =>
    bits === undefined ? "256 tags assumed (8-bit tags)" : bits === 10 ? "10-bit tags (768)" : bits === 8 ? "ExtTag+ (256 tags)" : "ExtTag- (32 tags)",
  bar: (index: number, size: string, why: string) => `Region ${index} ${size} prefetchable: ${why}; its latency and bandwidth assumed`,
  barNic: (index: number, size: string) => `Region ${index} ${size} prefetchable: a NIC's doorbells, not memory Linux offers peers; no BAR modelled`,
  media: (what: string) => `assumed: ${what}`,
  mediaLineRate: (mbps: number) => `NCCL net speed ${mbps} Mb/s; latency assumed`,
  acs: (cap: string, ctl: string) => `ACSCap ${cap}; ACSCtl ${ctl}`,
  acsNone: () => `no ACS capability`,
  acsAssumed: () => `assumed: ACS capable without redirect set by firmware (the capture does not show ACS)`,
  acsDiffers: (ports: string) => `downstream ports differ (${ports}); the switch is modelled with the first port's bits`,
  switchLatency: (latency: string, why: string) => `assumed ${latency}: ${why}`,
  switchPorts: (upstream: string, downstream: readonly string[]) => `upstream port ${upstream}; downstream ports ${downstream.join(", ") || "none"}`,
  bridgeAsSwitch: (bdf: string, label: string) => `${bdf} ${label}: a PCIe-to-PCI bridge, modelled as a switch`,
  rootPort: (bdf: string, label: string) => `${bdf} ${label}`,
  rootPortEmpty: () => `nothing below it (empty slot or link down)`,
  ncclRootPort: (busid: string) => `assumed: NCCL's topology leaves out the root port above ${busid}`,
  hostBridge: (bus: string, device: string) => `root bus ${bus}; first device ${device}`,
  hostBridgeId: (bdf: string, id: string, how: string) => `${bdf} [${id}]${how === "" ? "" : ` ${how}`}`,
  hostBridgeNone: (bus: string) => `no device at 00.0 on root bus ${bus}: Linux finds no host bridge device to look up, so 0000:0000 (on no allow-list) stands for it`,
  hostBridgeOfCpu: (id: string, cpu: string) => `assumed ${id}: the host bridge of the CPU ${cpu} (the capture names no host bridge)`,
  hostBridgeNcclAssumed: (preset: string, id: string) => `assumed ${id}: the host bridge of preset ${preset} (NCCL's topology names none)`,
  socketFromNuma: (node: number, devices: string) => `NUMA node ${node} (numa_node of ${devices})`,
  socketAssumedSplit: (bus: string) => `assumed: root bus ${bus} (buses 00-7f on the first socket, 80-ff on the second, as two-socket servers number them; lspci does not say)`,
  socketOnly: () => `assumed: one socket (the capture gives no NUMA node)`,
  memory: (preset: string) => `assumed: preset ${preset}`,
  iommu: (mode: string, evidence: string) => `${mode}: ${evidence}`,
  iommuPreset: (mode: string, preset: string) => `${mode} assumed (preset ${preset}; the capture does not say)`,
  p2pPreset: (preset: string) => `assumed: preset ${preset}`,
  disableAcsRedir: (ports: string) =>
    `ACSCtl ReqRedir- on ACS-capable ports although the IOMMU is on: Linux was booted with pci=disable_acs_redir= for ${ports}`,
  mps: (mps: number, set: string) => `the MaxPayload Linux set (DevCtl) on ${set}`,
  mpsLower: (mps: number, bdfs: string) => `runs at ${mps} B on ${bdfs} (DevCtl), modelled at the fabric's MPS`,
  workload: (what: string) => `A small workload so the scenario runs at once: ${what}. Replace it with yours.`,
  workloadP2p: (from: string, to: string) => `${from} writes 8 MiB into ${to}'s BAR, peer to peer or bounced through DRAM`,
  workloadHost: (from: string, to: string) => `${from} writes 8 MiB into ${to}'s DRAM`,
  functionOf: (bdf: string, label: string, first: string) => `${bdf} ${label}: another function of ${first}'s device`,
  nameLookup: (name: string) => `from the name "${name}" (lspci ran without -nn)`,
} as const;

/** Cuts a quoted piece of input to a readable length. */
function clip(text: string): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}
