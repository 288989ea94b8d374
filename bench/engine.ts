/**
 * `npm run bench`: how fast the engine and the link model run on this machine (one core).
 *
 * - Engine: the classic "hold" model. A steady heap of N pending events; each event, when it
 *   runs, schedules one more at now + a pseudo-random delay. Reports events/s (schedule + dispatch).
 * - Link: a device writing (and reading) host memory over one saturated link, TLP by TLP; reports
 *   simulated TLP-hops/s and engine events/s.
 * Results print as a table and go to bench/results.json. Numbers vary with the machine and load;
 * never assert them in tests.
 */
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { Simulator } from "../src/sim/simulator.js";
import { MiB } from "../src/sim/units.js";
import { runHostDma, type HostDmaOp } from "../src/workload/host-dma.js";
import { formatTable } from "../src/cli/format.js";

interface Row {
  case: string;
  events: number;
  tlpHops: number;
  wallMs: number;
  eventsPerSecond: number;
  tlpHopsPerSecond: number;
}

function holdModel(pending: number, events: number): Row {
  const sim = new Simulator();
  const delays = new Float64Array(4096);
  const random = sim.random.stream("hold");
  for (let i = 0; i < delays.length; i++) delays[i] = 1 + Math.floor(random.next() * 2 * pending);
  let k = 0;
  const hold = (): void => {
    sim.schedule(delays[k++ & 4095]!, hold);
  };
  for (let i = 0; i < pending; i++) sim.at(delays[i & 4095]!, hold);
  sim.run({ until: 0 }); // nothing runs; warms nothing
  const start = performance.now();
  let done = 0;
  while (done < events) done += runSome(sim, 100_000);
  const wallMs = performance.now() - start;
  return { case: `engine hold, ${pending.toLocaleString("en")} pending`, events: done, tlpHops: 0, wallMs, eventsPerSecond: (done / wallMs) * 1000, tlpHopsPerSecond: 0 };
}

/** Runs `count` events of a self-perpetuating model. */
function runSome(sim: Simulator, count: number): number {
  let left = count;
  const stopper = (): void => undefined;
  void stopper;
  const before = sim.events;
  while (left > 0) {
    sim.run({ until: sim.now + 1_000 });
    left = count - (sim.events - before);
  }
  return sim.events - before;
}

function link(op: HostDmaOp, size: number, totalBytes: number): Row {
  const transfers = Math.round(totalBytes / size);
  const start = performance.now();
  const r = runHostDma({ link: { gen: "gen4", lanes: 16 }, mps: 256, mrrs: 512, op, sizeBytes: size, transfers });
  const wallMs = performance.now() - start;
  return {
    case: `gen4x16 ${op} ${size} B x ${transfers.toLocaleString("en")}`,
    events: r.events,
    tlpHops: r.tlpHops,
    wallMs,
    eventsPerSecond: (r.events / wallMs) * 1000,
    tlpHopsPerSecond: (r.tlpHops / wallMs) * 1000,
  };
}

// Warm the JIT on small versions of each case first.
holdModel(1000, 200_000);
link("write", 4096, 8 * MiB);
link("read", 4096, 8 * MiB);

const rows: Row[] = [
  holdModel(1000, 5_000_000),
  holdModel(100_000, 5_000_000),
  link("write", 4096, 256 * MiB),
  link("read", 4096, 256 * MiB),
  link("both", 4096, 128 * MiB),
  link("write", 64, 32 * MiB),
];

const m = (x: number) => (x / 1e6).toFixed(2);
console.log(
  formatTable(
    ["case", "events", "TLP-hops", "wall ms", "M events/s", "M TLP-hops/s"],
    rows.map((r) => [r.case, String(r.events), String(r.tlpHops), r.wallMs.toFixed(0), m(r.eventsPerSecond), r.tlpHops ? m(r.tlpHopsPerSecond) : "-"]),
  ),
);
const machine = { node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length };
writeFileSync(new URL("../../bench/results.json", import.meta.url), `${JSON.stringify({ machine, rows }, null, 2)}\n`);
console.log(`\n${machine.cpu}, ${machine.node}; written to bench/results.json`);
