/**
 * `npm run bench`: how fast the engine and the link model run on this machine, on one core.
 *
 * - Engine: the classic "hold" model. A steady heap of N pending events; each event, when it runs,
 *   schedules one more at now + a pseudo-random delay (schedule + dispatch per event).
 * - Saturated link: a device writing to / reading from host memory over one Gen4 x16 link, TLP by
 *   TLP; engine events/s and simulated TLP-hops/s (a TLP crossing one link direction = one hop).
 * Each case runs several times after a warm-up; the table gives the median and the best, since
 * wall-clock time on a shared machine wanders. Results also go to bench/results.json. Never assert
 * these numbers in tests.
 */
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { Simulator } from "../src/sim/simulator.js";
import { MiB } from "../src/sim/units.js";
import { runHostDma, type HostDmaOp } from "../src/workload/host-dma.js";
import { formatTable } from "../src/cli/format.js";

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);

interface Sample {
  events: number;
  tlpHops: number;
  wallMs: number;
}

interface Row {
  case: string;
  events: number;
  tlpHops: number;
  medianWallMs: number;
  medianEventsPerSecond: number;
  bestEventsPerSecond: number;
  medianTlpHopsPerSecond: number;
  bestTlpHopsPerSecond: number;
}

function holdModel(pending: number, events: number): Sample {
  const sim = new Simulator();
  const random = sim.random.stream("hold");
  const delays = new Float64Array(4096);
  for (let i = 0; i < delays.length; i++) delays[i] = 1 + Math.floor(random.next() * 2 * pending);
  let k = 0;
  let left = events;
  const hold = (): void => {
    if (--left > 0) sim.schedule(delays[k++ & 4095]!, hold);
    else sim.stop();
  };
  for (let i = 0; i < pending; i++) sim.at(delays[i & 4095]!, hold);
  const start = performance.now();
  sim.run();
  return { events: sim.events, tlpHops: 0, wallMs: performance.now() - start };
}

function saturatedLink(op: HostDmaOp, sizeBytes: number, totalBytes: number): Sample {
  const transfers = Math.round(totalBytes / sizeBytes);
  const start = performance.now();
  const r = runHostDma({ link: { gen: "gen4", lanes: 16 }, mps: 256, mrrs: 512, op, sizeBytes, transfers });
  return { events: r.events, tlpHops: r.tlpHops, wallMs: performance.now() - start };
}

function measure(name: string, run: () => Sample): Row {
  run(); // warm-up
  const samples = Array.from({ length: REPEATS }, run);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const eps = samples.map((s) => (s.events / s.wallMs) * 1000);
  const hps = samples.map((s) => (s.tlpHops / s.wallMs) * 1000);
  return {
    case: name,
    events: samples[0]!.events,
    tlpHops: samples[0]!.tlpHops,
    medianWallMs: median(samples.map((s) => s.wallMs)),
    medianEventsPerSecond: median(eps),
    bestEventsPerSecond: Math.max(...eps),
    medianTlpHopsPerSecond: median(hps),
    bestTlpHopsPerSecond: Math.max(...hps),
  };
}

const rows: Row[] = [
  measure("engine hold, 1k pending", () => holdModel(1_000, 3_000_000)),
  measure("engine hold, 100k pending", () => holdModel(100_000, 3_000_000)),
  measure("link write 4 KiB x 64Ki", () => saturatedLink("write", 4096, 256 * MiB)),
  measure("link read 4 KiB x 64Ki", () => saturatedLink("read", 4096, 256 * MiB)),
  measure("link both 4 KiB x 32Ki", () => saturatedLink("both", 4096, 128 * MiB)),
  measure("link write 64 B x 256Ki", () => saturatedLink("write", 64, 16 * MiB)),
];

const m = (x: number) => (x / 1e6).toFixed(2);
console.log(
  formatTable(
    ["case", "events", "TLP-hops", "wall ms", "M events/s", "best", "M TLP-hops/s", "best"],
    rows.map((r) => [
      r.case,
      String(r.events),
      String(r.tlpHops),
      r.medianWallMs.toFixed(0),
      m(r.medianEventsPerSecond),
      m(r.bestEventsPerSecond),
      r.tlpHops ? m(r.medianTlpHopsPerSecond) : "-",
      r.tlpHops ? m(r.bestTlpHopsPerSecond) : "-",
    ]),
  ),
);
const machine = { node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, repeats: REPEATS };
writeFileSync(new URL("../../bench/results.json", import.meta.url), `${JSON.stringify({ machine, rows }, null, 2)}\n`);
console.log(`\nmedian and best of ${REPEATS} runs after a warm-up; ${machine.cpu}, Node ${machine.node}; written to bench/results.json`);
