/**
 * `p2psim bandwidth`: a quick calculator in the spirit of pcie-bench's `pcie_bw.py`: argv ->
 * src/run/bandwidth.ts (the analytic link bandwidth beside the simulated one, per operation and
 * transfer size) -> a table or JSON.
 */
import { UsageError, message } from "../messages.js";
import { parseLinkName, linkName } from "../pcie/link-name.js";
import { PAYLOAD_SIZES, RCB_SIZES, rawGbps, tlpLayerGbps, type PayloadSize, type RcbSize } from "../pcie/spec.js";
import { DmaOps, type DmaOp } from "../model/analytic.js";
import { bandwidthPoints, type BandwidthPoint, type LinkBench } from "../run/bandwidth.js";
import { parseRate, parseSize, parseTime, parseWallTimeMs } from "../scenario/quantity.js";
import { formatSize, formatTable } from "./format.js";
import { listOf, numberIn, oneOfNumbers, oneOfStrings, optionValue, parseOptions, wholeNumber, type OptionSpec } from "./options.js";
import type { Command, Io } from "./command.js";

/** Most points (operations x sizes) one call computes, as a sweep's limit: a typo in a list should not start hours of simulation. */
export const MAX_BANDWIDTH_POINTS = 10_000;

const OPTIONS = {
  link: { type: "string", default: "gen3x8" },
  mps: { type: "string", default: "256" },
  mrrs: { type: "string", default: "512" },
  rcb: { type: "string", default: "64" },
  op: { type: "string", default: "write,read" },
  size: { type: "string", default: "64,128,256,512,1KiB,2KiB,4KiB,64KiB" },
  tags: { type: "string", default: "256" },
  latency: { type: "string", default: "20ns" },
  "mem-latency": { type: "string", default: "80ns" },
  "mem-bw": { type: "string", default: "200GB/s" },
  "cpl-size": { type: "string" },
  "dllp-factor": { type: "string", default: "1" },
  tlps: { type: "string", default: "20000" },
  ecrc: { type: "boolean", default: false },
  addr32: { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  "max-wall": { type: "string" },
  quiet: { type: "boolean", short: "q", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies OptionSpec;

const HELP = `p2psim bandwidth: analytic and simulated DMA bandwidth of one PCIe link

Usage: p2psim bandwidth [options]

A device DMAs to (write) or from (read) host memory over one link, back to back, with transfers
of one size. For each operation and size, prints the closed-form bandwidth (pcie-bench's model)
and the bandwidth the TLP-level simulation reaches in steady state. GB = 1e9 bytes.

Options:
  --link LINK        gen1..gen6 with x1, x2, x4, x8, x16 (default gen3x8)
  --mps BYTES        Maximum Payload Size: 128, 256, 512, 1024, 2048, 4096 (default 256)
  --mrrs BYTES       Maximum Read Request Size, same values (default 512)
  --rcb BYTES        Read Completion Boundary: 64 or 128 (default 64)
  --op LIST          read, write or both (reads and writes alternating); a list runs each
                     (default write,read)
  --size LIST        transfer sizes, e.g. 64,256,4KiB,1MiB (default 64..64KiB); at most
                     ${MAX_BANDWIDTH_POINTS} points (operations x sizes)
  --tags N           outstanding reads allowed, 1..768 (default 256)
  --latency TIME     one direction's PHY + wire latency (default 20ns)
  --mem-latency TIME host memory read latency (default 80ns)
  --mem-bw RATE      host memory bandwidth (default 200GB/s, not the bottleneck)
  --cpl-size BYTES   largest completion the root complex sends, e.g. 64 (default MPS)
  --dllp-factor X    scale of the Ack/UpdateFC DLLP charge, 0..4 (default 1 = the spec's)
  --ecrc             add a 4 B ECRC digest to every TLP
  --addr32           buffers below 4 GiB (3DW request headers)
  --tlps N           TLPs to simulate per point, 1000..10000000 (default 20000)
  --json             print JSON: one object for one op and size, else an array
  --max-wall TIME    stop (exit 2, nothing printed) once the points have taken TIME, e.g. 60s;
                     looked at between points and every 2^18 events inside one (a point
                     takes under a second at the default --tlps, up to half a minute at
                     10000000), so it stops within about 0.1 s of TIME
  -q, --quiet        no progress lines on stderr (by default one every 5 s while points are
                     left: points done, time left)
  -h, --help         this text

Examples:
  p2psim bandwidth
  p2psim bandwidth --link gen4x16 --mps 256 --mrrs 512 --op read --size 4KiB --tags 64
  p2psim bandwidth --link gen3x8 --op both --size 64,256,1500,4KiB --json
`;

interface Settings extends LinkBench {
  ops: DmaOp[];
  sizes: number[];
  json: boolean;
  maxWallMs: number | undefined;
  quiet: boolean;
}

function settingsFrom(argv: readonly string[]): Settings | "help" {
  const { values: v } = parseOptions(argv, OPTIONS);
  if (v.help) return "help";
  const payloadSize = oneOfNumbers<PayloadSize>(PAYLOAD_SIZES);
  const cpl = v["cpl-size"];
  const ops = optionValue("op", v.op, listOf(oneOfStrings(DmaOps), `one or more of ${DmaOps.join(", ")}`));
  const sizes = optionValue("size", v.size, listOf(parseSize, "one or more sizes such as 64, 1500, 4KiB"));
  if (ops.length * sizes.length > MAX_BANDWIDTH_POINTS) throw new UsageError(message.tooManyPoints(sizes.length, ops.length, MAX_BANDWIDTH_POINTS));
  return {
    link: optionValue("link", v.link, parseLinkName),
    mps: optionValue("mps", v.mps, payloadSize),
    mrrs: optionValue("mrrs", v.mrrs, payloadSize),
    rcb: optionValue("rcb", v.rcb, oneOfNumbers<RcbSize>(RCB_SIZES)),
    ops,
    sizes,
    tags: optionValue("tags", v.tags, wholeNumber(1, 768)),
    latencyPs: optionValue("latency", v.latency, parseTime),
    memoryLatencyPs: optionValue("mem-latency", v["mem-latency"], parseTime),
    memoryGBps: optionValue("mem-bw", v["mem-bw"], parseRate),
    completionBytes:
      cpl === undefined
        ? undefined
        : optionValue("cpl-size", cpl, (t) => {
            const bytes = parseSize(t);
            if (bytes % 64 !== 0 || bytes > 4096) throw new UsageError(message.notMultiple(t, 64, 4096));
            return bytes;
          }),
    dllpFactor: optionValue("dllp-factor", v["dllp-factor"], numberIn(0, 4)),
    targetTlps: optionValue("tlps", v.tlps, wholeNumber(1000, 10_000_000)),
    ecrc: v.ecrc,
    addr32: v.addr32,
    json: v.json,
    maxWallMs: v["max-wall"] === undefined ? undefined : optionValue("max-wall", v["max-wall"], parseWallTimeMs),
    quiet: v.quiet,
  };
}

function table(s: Settings, points: BandwidthPoint[]): string {
  const title =
    `${linkName(s.link)}, MPS ${s.mps}, MRRS ${s.mrrs}, RCB ${s.rcb}, ${s.tags} tags: ` +
    `raw ${rawGbps(s.link).toFixed(3)} Gb/s, TLP layer ${tlpLayerGbps(s.link, s.mps, s.dllpFactor).toFixed(3)} Gb/s`;
  const rows = points.map((p) => [
    p.op,
    formatSize(p.sizeBytes),
    p.analyticGBps.toFixed(3),
    p.simulatedGBps.toFixed(3),
    `${p.differencePct >= 0 ? "+" : ""}${p.differencePct.toFixed(2)}%`,
    p.analyticGbps.toFixed(2),
    p.simulatedGbps.toFixed(2),
    p.bound,
    String(p.tlpHops),
  ]);
  const header = ["op", "size", "analytic GB/s", "simulated GB/s", "sim-ana", "analytic Gb/s", "simulated Gb/s", "bound", "TLPs"];
  return `${title}\n\n${formatTable(header, rows)}\n`;
}

export const bandwidthCommand: Command = {
  name: "bandwidth",
  summary: "analytic and simulated DMA bandwidth of one PCIe link",
  run(argv: readonly string[], io: Io): number {
    const settings = settingsFrom(argv);
    if (settings === "help") {
      io.out(HELP);
      return 0;
    }
    const points = bandwidthPoints(settings, {
      ...(settings.maxWallMs !== undefined ? { maxWallMs: settings.maxWallMs } : {}),
      ...(settings.quiet ? {} : { onProgress: (done: number, total: number, elapsedMs: number) => io.err(`${message.bandwidthProgress(done, total, (elapsedMs * (total - done)) / done / 1000)}\n`) }),
    });
    if (settings.json) {
      io.out(`${JSON.stringify(points.length === 1 ? points[0] : points, null, 2)}\n`);
    } else {
      io.out(table(settings, points));
    }
    return 0;
  },
};
