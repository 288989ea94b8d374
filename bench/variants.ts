/**
 * Section 6 of `npm run bench`: a run's distinct variants side by side. The default scenario
 * (p2p, bounce and auto; auto plans as p2p does, so two distinct variants) run by
 * `p2psim run --workers 1` and `--workers <cores>`, process start to results written (no PNGs),
 * median of `repeats`; and in one process with the worker threads already started (what a
 * notebook or a long session sees), the default scenario with 128 MiB moved: runScenario against
 * runScenarioOnPool. The results are byte-identical (test/run/scenario.test.ts); this measures
 * only the time. Also runs alone: `node dist/bench/variants.js` (after `npm run build`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_SCENARIO, openScenario } from "../src/run/library.js";
import { runScenario, runScenarioOnPool } from "../src/run/scenario.js";
import { startWorkers } from "../src/run/worker-pool.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "dist/src/cli/main.js");

export interface VariantsBench {
  scenario: string;
  variants: number;
  distinctVariants: number;
  workers: number;
  oneThreadMs: number;
  sideBySideMs: number;
  speedup: number;
  /** In one process, workers started beforehand, 128 MiB moved: one thread, side by side, ms. */
  warm: { oneThreadMs: number; sideBySideMs: number; speedup: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** runScenario against runScenarioOnPool in this process, the pool warmed up by a first run. */
async function warmBench(repeats: number, workers: number): Promise<VariantsBench["warm"]> {
  const scenario = openScenario(DEFAULT_SCENARIO, { settings: ["workloads.0.size=128MiB"] });
  const pool = startWorkers(workers - 1, "variant");
  try {
    await runScenarioOnPool(scenario, pool);
    const one: number[] = [];
    const many: number[] = [];
    for (let i = 0; i < Math.max(1, repeats); i++) {
      let started = performance.now();
      runScenario(scenario);
      one.push(performance.now() - started);
      started = performance.now();
      await runScenarioOnPool(scenario, pool);
      many.push(performance.now() - started);
    }
    return { oneThreadMs: median(one), sideBySideMs: median(many), speedup: median(one) / median(many) };
  } finally {
    await pool.close();
  }
}

export async function variantsBench(repeats: number): Promise<VariantsBench> {
  const out = mkdtempSync(join(tmpdir(), "p2psim-bench-variants-"));
  const workers = availableParallelism();
  const wall = (threads: number) => {
    const started = performance.now();
    const r = spawnSync(process.execPath, [CLI, "run", "--no-png", "--workers", String(threads), "--out", join(out, `w${threads}`)], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`p2psim run --workers ${threads} failed: ${r.stderr}`);
    return performance.now() - started;
  };
  try {
    // Alternate the two, so a change in the machine's load falls on both alike.
    const one: number[] = [];
    const many: number[] = [];
    for (let i = 0; i < Math.max(1, repeats); i++) {
      one.push(wall(1));
      many.push(wall(workers));
    }
    const oneThreadMs = median(one);
    const sideBySideMs = median(many);
    const warm = await warmBench(repeats, workers);
    return { scenario: "default", variants: 3, distinctVariants: 2, workers, oneThreadMs, sideBySideMs, speedup: oneThreadMs / sideBySideMs, warm };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export function variantsTable(b: VariantsBench): string {
  return `Variants side by side: the default scenario (${b.variants} variants, ${b.distinctVariants} distinct), p2psim run --no-png\n\n` +
    `  process start to results: 1 thread ${b.oneThreadMs.toFixed(0)} ms, ${b.workers} threads ${b.sideBySideMs.toFixed(0)} ms: ${b.speedup.toFixed(2)}x\n` +
    `  in one process, workers warm, 128 MiB moved: 1 thread ${b.warm.oneThreadMs.toFixed(0)} ms, ${b.workers} threads ${b.warm.sideBySideMs.toFixed(0)} ms: ${b.warm.speedup.toFixed(2)}x\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const b = await variantsBench(Number(process.env.BENCH_REPEATS ?? 3));
  console.log(variantsTable(b));
  console.log(JSON.stringify(b));
}
