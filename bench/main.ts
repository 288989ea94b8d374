/**
 * `npm run bench`: how fast the engine and the model run on this machine, and how they grow.
 * Never a timed test: numbers vary with the machine and its load, so each timing is the median of
 * several runs after a warm-up (BENCH_REPEATS, default 3), and each measurement runs in a process
 * of its own (bench/case.ts), so no section's code warms or pollutes another's JIT. Sections:
 *   1. engine: hold model, 1k and 100k pending events;
 *   2. peer: the twin model on our engine and on SimPy (Debian's python3-simpy3, installed if missing),
 *      in alternating rounds, so a drift in the machine's speed falls on both engines;
 *   3. model: 1 GiB same-switch P2P, through the host bridge with the IOMMU translating, bounced,
 *      in rounds that take turns (the targets compare them); one link direction alone
 *      (bench/hop.ts); and the default scenario end to end (process start to results written);
 *   3b. scenarios: each scenario of scenarios/ cold (the first run in a process, as `p2psim run`
 *      pays it) and warm (as a sweep's later points), so a change that helps the saturated cases
 *      but costs the JIT's warm-up shows;
 *   4. growth: wall time and peak memory for 0.25, 1, 4, 16 GiB (BENCH_QUICK=1 stops at 4 GiB);
 *   5. sweeps: a 16-point sweep with 1 worker and with all cores, with short and longer points;
 *   6. variants: one run's distinct variants on 1 thread and side by side (bench/variants.ts).
 *   7. validation: the scenario checks on fabrics of 25k, 100k and 400k nodes (linear time).
 * Prints tables and writes bench/results.json.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GiB } from "../src/sim/units.js";
import { formatTable } from "../src/cli/format.js";
import type { HoldResult } from "./hold.js";
import type { TwinResult } from "./twin.js";
import type { CaseResult, ModelCase } from "./cases.js";
import type { HopResult } from "./hop.js";
import { variantsBench, variantsTable } from "./variants.js";
import type { ValidateResult } from "./validate.js";
import type { ScenarioTiming } from "./scenarios.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "dist/src/cli/main.js");
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const QUICK = process.env.BENCH_QUICK === "1";
const PYTHON = "/usr/bin/python3";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const M = (x: number) => (x / 1e6).toFixed(2);
/** Simulated seconds per wall second, as "1/N" when slower than real time. */
const realTime = (simulatedPs: number, wallMs: number) => {
  const ratio = simulatedPs / 1e12 / (wallMs / 1000);
  return ratio >= 1 ? `${ratio.toFixed(2)}x` : `1/${(1 / ratio).toFixed(1)}`;
};
/** One measurement of bench/case.ts in a fresh process: its median run, the GC pauses in that run, and the process's peak memory. */
const measure = <T>(...args: Array<string | number>): T & { maxRssKiB: number; gcMs: number } =>
  JSON.parse(execFileSync(process.execPath, [join(ROOT, "dist/bench/case.js"), ...args.map(String)], { encoding: "utf8" }));
const wallOf = (command: string, args: string[]): number => {
  const started = performance.now();
  const r = spawnSync(command, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${r.stderr}`);
  return performance.now() - started;
};

// 1. Engine.
const holds = [1_000, 100_000].map((pending) => measure<HoldResult>("hold", pending, 3_000_000, REPEATS));
console.log("Engine (hold model)\n");
console.log(formatTable(["pending", "events", "ms", "M events/s"], holds.map((h) => [String(h.pending), String(h.events), h.wallMs.toFixed(0), M((h.events / h.wallMs) * 1000)])));

// 2. Peer: SimPy twin. The two engines take turns, REPEATS rounds of ours (a process of its own:
// a warm-up, then the median of REPEATS runs, as every measurement here) then SimPy's (one run:
// it has no JIT to warm), so that a drift in the machine's speed (40 % here, docs/design.md
// "Speed") lands on both sides of each round's ratio; the round with the median ratio is reported.
const twinArgs = [64, 16, 50_000_000] as const;
const hasSimpy = () => spawnSync(PYTHON, ["-c", "import simpy"]).status === 0;
if (!hasSimpy()) {
  console.log("\n(installing python3-simpy3 from Debian for the peer benchmark)");
  spawnSync("apt-get", ["install", "-y", "python3-simpy3"], { stdio: "ignore" });
  if (!hasSimpy()) spawnSync("sh", ["-c", "apt-get update && apt-get install -y python3-simpy3"], { stdio: "ignore" });
}
type SimpyResult = { completions: number; events: number; wallMs: number };
const rounds = Array.from({ length: Math.max(1, REPEATS) }, () => {
  const ours = measure<TwinResult>("twin", ...twinArgs, REPEATS);
  if (!hasSimpy()) return { ours, simpy: undefined, ratio: NaN };
  const simpy: SimpyResult = JSON.parse(execFileSync(PYTHON, [join(ROOT, "bench/simpy_twin.py"), ...twinArgs.map(String)], { encoding: "utf8" }));
  if (simpy.completions !== ours.completions || simpy.events !== ours.events) {
    throw new Error(`the twins disagree: ours ${ours.completions} completions / ${ours.events} events, SimPy ${simpy.completions} / ${simpy.events}`);
  }
  return { ours, simpy, ratio: simpy.wallMs / ours.wallMs };
});
const { ours, simpy } = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
const oursRate = (ours.events / ours.wallMs) * 1000;
const simpyRate = simpy ? (simpy.events / simpy.wallMs) * 1000 : NaN;
console.log(`\nPeer: ${twinArgs[0]} tokens through a ring of ${twinArgs[1]} FIFO servers, ${ours.events} events, ${ours.completions} completions in both\n`);
console.log(formatTable(["engine", "ms", "M events/s"], [["p2psim", ours.wallMs.toFixed(0), M(oursRate)], ["SimPy", simpy ? simpy.wallMs.toFixed(0) : "-", simpy ? M(simpyRate) : "not installed"]]));
if (simpy) console.log(`ratio: ${(oursRate / simpyRate).toFixed(1)}x (the median of ${rounds.length} alternating rounds: ${rounds.map((r) => `${r.ratio.toFixed(1)}x`).join(", ")})`);

// 3. Model. The targets compare the cases with each other (host bridge and bounce within 2x of
// same-switch), so the cases take turns: REPEATS rounds, each running every case once (a process of
// its own: a warm-up, then one run), so a drift in the machine's speed lands on all three of a
// round. Each case's row is its median round; the ratios to same-switch are medians of the rounds'.
const cases: ModelCase[] = ["same-switch-p2p", "host-bridge-p2p", "bounce"];
const modelRounds = Array.from({ length: Math.max(1, REPEATS) }, () => cases.map((c) => measure<CaseResult>("model", c, 1 * GiB, 1)));
const model = cases.map((_, i) => [...modelRounds.map((round) => round[i]!)].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(modelRounds.length / 2)]!);
/** Per case, its wall time over same-switch's in each round (same bytes moved), and their median. */
const relative = cases.map((c, i) => {
  const rounds = modelRounds.map((round) => round[i]!.wallMs / round[0]!.wallMs);
  return { case: c, rounds, median: median(rounds) };
});
const hopTlps = 4 * 1024 * 1024;
const hop = measure<HopResult>("hop", hopTlps, REPEATS);
const out = mkdtempSync(join(tmpdir(), "p2psim-bench-"));
const defaultScenarioMs = median(Array.from({ length: REPEATS }, () => wallOf(process.execPath, [CLI, "run", "--out", join(out, "default")])));
console.log("\nModel: 1 GiB, MPS 256, 128 KiB I/Os, queue depth 16\n");
console.log(
  formatTable(
    ["case", "wall ms", "GC ms", "peak RSS MiB", "simulated ms", "real time", "events", "events/TLP", "TLP-hops", "hops/TLP", "ns/TLP-hop", "M events/s", "GB/s simulated"],
    model.map((m) => [
      m.case, m.wallMs.toFixed(0), m.gcMs.toFixed(0), (m.maxRssKiB / 1024).toFixed(0), (m.simulatedPs / 1e9).toFixed(2), realTime(m.simulatedPs, m.wallMs), String(m.events),
      (m.events / m.tlps).toFixed(2), String(m.tlpHops), (m.tlpHops / m.tlps).toFixed(2), ((m.wallMs * 1e6) / m.tlpHops).toFixed(0), M((m.events / m.wallMs) * 1000), m.throughputGBps.toFixed(2),
    ]),
  ),
);
console.log(
  `wall time over same-switch's, the median of ${modelRounds.length} rounds (the cases take turns): ` +
    relative.slice(1).map((r) => `${r.case} ${r.median.toFixed(2)}x (${r.rounds.map((x) => `${x.toFixed(2)}x`).join(", ")})`).join("; "),
);
// Bounce crosses 2.5x as many link directions per TLP as same-switch (writes up, reads up,
// completions down): at the same cost per TLP-hop its wall time is 2.5x (docs/design.md, "Speed").
console.log(
  `hops per TLP over same-switch's: ` + model.slice(1).map((m) => `${m.case} ${(m.tlpHops / model[0]!.tlpHops).toFixed(2)}x`).join("; ") +
    `; cost per TLP-hop over same-switch's: ` + model.slice(1).map((m) => `${m.case} ${((m.wallMs / m.tlpHops) / (model[0]!.wallMs / model[0]!.tlpHops)).toFixed(2)}x`).join("; "),
);
console.log(
  `one link direction alone (bench/hop.ts: ${hop.tlps} TLPs of 256 B, a producer and a sink doing nothing else): ${hop.wallMs.toFixed(0)} ms, ` +
    `${((hop.wallMs * 1e6) / hop.tlps).toFixed(0)} ns per TLP, real time ${realTime(hop.simulatedPs, hop.wallMs)}, ${(hop.events / hop.tlps).toFixed(2)} events per TLP`,
);
console.log(`default scenario end to end (process start to results written, PNGs included): ${defaultScenarioMs.toFixed(0)} ms`);

// 3b. The scenario library, cold and warm, each scenario in a fresh process.
const scenarioFiles = readdirSync(join(ROOT, "scenarios")).filter((f) => f.endsWith(".yaml")).sort();
const scenarioTimes = scenarioFiles.map((f) => measure<ScenarioTiming>("scenario", join(ROOT, "scenarios", f), 2));
console.log("\nScenarios: each run in a fresh process, all its variants; cold = the first run, warm = the median of two more\n");
console.log(
  formatTable(
    ["scenario", "cold ms", "warm ms", "cold / warm", "simulated ms", "real time (cold)", "events"],
    scenarioTimes.map((t) => [t.scenario, t.coldMs.toFixed(0), t.warmMs.toFixed(0), (t.coldMs / t.warmMs).toFixed(2), (t.simulatedPs / 1e9).toFixed(2), realTime(t.simulatedPs, t.coldMs), String(t.events)]),
  ),
);

// 4. Growth, each size in its own process for an honest peak memory.
const sizes = QUICK ? [0.25, 1, 4] : [0.25, 1, 4, 16];
const growth = sizes.map((gib) => measure<CaseResult>("model", "same-switch-p2p", gib * GiB, 0));
console.log("\nGrowth: same-switch P2P, one process each\n");
console.log(formatTable(["GiB", "wall ms", "ms per GiB", "GC ms", "peak RSS MiB"], growth.map((g, i) => [String(sizes[i]), g.wallMs.toFixed(0), (g.wallMs / sizes[i]!).toFixed(0), g.gcMs.toFixed(0), (g.maxRssKiB / 1024).toFixed(0)])));

// 5. Sweeps: 16 points x 2 variants of the default scenario, with 1 worker and with all cores.
// Points of about 0.6 s (16 MiB moved) and of about 2 s (64 MiB): every process beyond the first
// pays its own start-up and JIT warm-up, so the speedup grows with the work per point. One run of
// each: the section already takes a couple of minutes.
const sweepSets = (mib: number) => [
  "--set", `workloads.0.size=${mib}MiB`, "--set", `workloads.1.size=${mib / 16}MiB`, "--set", "compare=[p2p, bounce]",
  "--set", 'sweep={"workloads.0.io": {from: 16KiB, to: 128KiB, factor: 2}, "workloads.0.queueDepth": [1, 2, 4, 8]}', "--no-png",
];
const cores = availableParallelism();
const sweepMs = (mib: number, workers: number) =>
  wallOf(process.execPath, [CLI, "sweep", join(ROOT, "scenarios/default.yaml"), ...sweepSets(mib), "--workers", String(workers), "--out", join(out, `sweep-${mib}-${workers}`)]);
const sweeps = [16, 64].map((mib) => {
  const oneWorkerMs = sweepMs(mib, 1);
  const allWorkersMs = sweepMs(mib, cores);
  return { points: 16, mibPerPoint: mib, oneWorkerMs, allWorkersMs, workers: cores, speedup: oneWorkerMs / allWorkersMs };
});
console.log(`\nSweep: 16 points x 2 variants, 1 worker vs ${cores}\n`);
console.log(formatTable(["MiB per point", "1 worker ms", `${cores} workers ms`, "speedup"], sweeps.map((w) => [String(w.mibPerPoint), w.oneWorkerMs.toFixed(0), w.allWorkersMs.toFixed(0), `${w.speedup.toFixed(2)}x`])));
rmSync(out, { recursive: true, force: true });

// 6. Variants side by side.
const variants = await variantsBench(REPEATS);
console.log(`\n${variantsTable(variants)}`);

// 7. Validation: the whole scenario check on growing fabrics; ms per 1000 nodes stays flat if it is linear.
const fabricSizes = QUICK ? [25_000, 100_000] : [25_000, 100_000, 400_000];
const validation = fabricSizes.map((nodes) => measure<ValidateResult>("validate", nodes, REPEATS));
console.log("\nValidation: a scenario's schema, reference and value checks on a fabric of N nodes\n");
console.log(formatTable(["nodes", "ms", "ms per 1000 nodes", "peak RSS MiB"], validation.map((v) => [String(v.nodes), v.wallMs.toFixed(0), ((v.wallMs / v.nodes) * 1000).toFixed(2), (v.maxRssKiB / 1024).toFixed(0)])));

const machine = { node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores, repeats: REPEATS };
const results = {
  machine,
  engine: holds.map((h) => ({ ...h, eventsPerSecond: (h.events / h.wallMs) * 1000 })),
  peer: { model: { tokens: twinArgs[0], servers: twinArgs[1], untilPs: twinArgs[2] }, p2psim: { ...ours, eventsPerSecond: oursRate }, simpy: simpy ? { ...simpy, eventsPerSecond: simpyRate } : null, ratio: oursRate / simpyRate, rounds: rounds.map((r) => r.ratio) },
  model: model.map((m) => ({
    ...m,
    eventsPerSecond: (m.events / m.wallMs) * 1000,
    tlpHopsPerSecond: (m.tlpHops / m.wallMs) * 1000,
    nsPerTlpHop: (m.wallMs * 1e6) / m.tlpHops,
    eventsPerTlp: m.events / m.tlps,
    realTimeRatio: m.simulatedPs / 1e12 / (m.wallMs / 1000),
  })),
  relativeToSameSwitch: relative.slice(1),
  hop: { ...hop, nsPerTlp: (hop.wallMs * 1e6) / hop.tlps, realTimeRatio: hop.simulatedPs / 1e12 / (hop.wallMs / 1000) },
  defaultScenarioMs,
  scenarios: scenarioTimes,
  growth: growth.map((g, i) => ({ gib: sizes[i], wallMs: g.wallMs, gcMs: g.gcMs, peakRssKiB: g.maxRssKiB })),
  sweeps,
  variants,
  validation: validation.map((v) => ({ nodes: v.nodes, wallMs: v.wallMs, peakRssKiB: v.maxRssKiB })),
};
writeFileSync(join(ROOT, "bench/results.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${machine.cpu}, Node ${machine.node}, median of ${REPEATS}; written to bench/results.json`);
