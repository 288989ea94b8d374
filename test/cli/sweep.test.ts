import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/app.js";
import { sweepProgress, shortDuration } from "../../src/cli/sweep-progress.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCENARIO = join(ROOT, "scenarios/default.yaml");
const SMALL = ["--set", "workloads.0.size=1MiB", "--set", "workloads.1.size=256KiB", "--set", "compare=[p2p, bounce]", "--no-png", "--workers", "1"];

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe("p2psim sweep, sharded", () => {
  it("runs a shard, refuses to merge it alone (exit 2, --array= of the rest), and merges once all are there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "p2psim-cli-sweep-"));
    try {
      const sweep = ["--set", "sweep={workloads.0.queueDepth: [2, 8]}"];
      const one = await cli("sweep", SCENARIO, ...SMALL, ...sweep, "--shard", "0/2", "--out", dir);
      expect(one.code).toBe(0);
      expect(one.out).toMatch(/shard 0\/2: 1 of 2 points x 2 variants .* written to .*0-of-2\.json/);
      const early = await cli("sweep", "merge", dir);
      expect(early.code).toBe(2);
      expect(early.err).toMatch(/^p2psim sweep: 1 of 2 points are missing \(point 1\); resubmit the shards that hold them: --array=1 \(of 2 shards\)\n$/);
      expect((await cli("sweep", SCENARIO, ...SMALL, ...sweep, "--shard", "1/2", "--out", dir)).code).toBe(0);
      const merged = await cli("sweep", "merge", dir, "--no-png");
      expect(merged.code).toBe(0);
      // The table of points: axis values, then each flow's GB/s per variant and its bottleneck.
      expect(merged.out).toMatch(/^workloads\.0\.queueDepth +nic-to-ssd p2p GB\/s +host-reads p2p GB\/s +nic-to-ssd bounce GB\/s +host-reads bounce GB\/s\n/);
      expect(merged.out.split("\n")[2]).toMatch(/^ +2( +\d+\.\d+ \([^)]+\)){4}$/);
      expect(readFileSync(join(dir, "sweep.csv"), "utf8").split("\n")[0]).toMatch(/^workloads\.0\.queueDepth,/);
      expect(readFileSync(join(dir, "report.html"), "utf8")).toContain('<a href="points/00001/report.html">00001</a>');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("writes only the specs in each point's charts/ with --point-charts specs, the sweep's own charts in full, and passes it to a launcher's shards", async () => {
    const dir = mkdtempSync(join(tmpdir(), "p2psim-cli-sweep-"));
    try {
      const sweep = ["--set", "sweep={workloads.0.queueDepth: [2]}", "--set", "compare=[p2p]"];
      const r = await cli("sweep", SCENARIO, ...SMALL, ...sweep, "--point-charts", "specs", "--out", dir, "--quiet");
      expect(r.code, r.err).toBe(0);
      const pointCharts = readdirSync(join(dir, "points/00000/charts"));
      expect(pointCharts.length).toBeGreaterThan(3);
      expect(pointCharts.filter((f) => !f.endsWith(".vl.json"))).toEqual([]);
      expect(readdirSync(join(dir, "charts")).filter((f) => f.endsWith(".svg")).length).toBeGreaterThan(0);
      // The point's page draws its charts from the specs it embeds.
      expect(readFileSync(join(dir, "points/00000/report.html"), "utf8")).toContain('id="p2psim-specs"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await cli("sweep", SCENARIO, "--set", "sweep={workloads.0.io: [4KiB]}", "--point-charts", "none")).err).toMatch(/--point-charts: 'none' is not one of all, specs/);
    const launcher = await cli("sweep", SCENARIO, "--set", "sweep={workloads.0.io: [4KiB, 8KiB]}", "--emit", "slurm", "--shards", "2", "--point-charts", "specs", "--out", "/shared/x");
    expect(launcher.out).toMatch(/--shard auto --out \/shared\/x .*--point-charts specs/);
    expect(launcher.out).not.toMatch(/sweep merge .*--point-charts/);
  }, 120_000);

  it("runs each point at the time-series window the scenario's window: gives it, an axis like any other, and says when one had to be widened", async () => {
    const dir = mkdtempSync(join(tmpdir(), "p2psim-cli-sweep-"));
    try {
      const r = await cli("sweep", SCENARIO, ...SMALL, "--set", "compare=[p2p]", "--set", "sweep={window: [10us, 20us]}", "--out", dir, "--quiet");
      expect(r.code, r.err).toBe(0);
      const windowNs = (i: number) => (JSON.parse(readFileSync(join(dir, `points/0000${i}/summary.json`), "utf8")) as { variants: Array<{ windowNs: number }> }).variants.map((v) => v.windowNs);
      expect([windowNs(0), windowNs(1)]).toEqual([[10_000], [20_000]]);
      expect(readFileSync(join(dir, "sweep.csv"), "utf8").split("\n")[1]).toMatch(/^10us,p2p,/);
      expect(r.err).not.toMatch(/warning/);
      // A window too small for a point's run is doubled until it fits: the sweep says so, once.
      const tiny = await cli("sweep", SCENARIO, ...SMALL, "--set", "compare=[p2p]", "--set", "sweep={window: [1ns, 20us]}", "--out", join(dir, "tiny"), "--quiet");
      expect(tiny.code, tiny.err).toBe(0);
      expect(tiny.err).toMatch(/^p2psim sweep: warning: the window: of 1 of 2 points would cut their runs into more than 4096 windows; .* \(point 0: window: 1ns, used \d+ns\)\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("says what --shard, --emit and merge take", async () => {
    expect((await cli("sweep", SCENARIO, "--shard", "2/2")).err).toMatch(/--shard: '2\/2' is not a shard; give I\/N/);
    expect((await cli("sweep", SCENARIO, "--set", "sweep={workloads.0.io: [4KiB]}", "--emit", "lsf", "--shards", "1")).err).toMatch(/--emit: 'lsf' is not one of slurm, parallel, k8s/);
    expect((await cli("sweep", SCENARIO, "--set", "sweep={workloads.0.io: [4KiB]}", "--emit", "slurm")).err).toMatch(/--emit: give --shards N/);
    expect((await cli("sweep", SCENARIO, "--set", "sweep={workloads.0.io: [4KiB, 8KiB]}", "--emit", "slurm", "--shards", "3")).err).toMatch(/--shards: '3' is not a whole number from 1 to 2/);
    const file = join(tmpdir(), `p2psim-not-a-folder-${process.pid}`);
    writeFileSync(file, "");
    const intoFile = await cli("sweep", SCENARIO, ...SMALL, "--set", "sweep={workloads.0.io: [4KiB]}", "--out", file);
    rmSync(file);
    expect(intoFile.code).toBe(2);
    expect(intoFile.err).toBe(`p2psim sweep: --out ${file}: '${file}' is a file, not a folder (ENOTDIR); choose another path\n`);
    const merge = await cli("sweep", "merge");
    expect(merge.code).toBe(2);
    expect(merge.err).toMatch(/give the sweep folder\(s\) to merge/);
  });

  it("prints a Slurm launcher for the sweep", async () => {
    const r = await cli("sweep", SCENARIO, "--set", "sweep={workloads.0.io: [4KiB, 8KiB, 16KiB]}", "--emit", "slurm", "--shards", "3", "--max-parallel", "2", "--out", "/shared/x");
    expect(r.code).toBe(0);
    expect(r.out).toContain("#SBATCH --array=0-2%2\n");
    expect(r.out).toContain(`p2psim sweep ${SCENARIO} --shard auto --out /shared/x --set 'sweep={workloads.0.io: [4KiB, 8KiB, 16KiB]}'\n`);
  });

  it("refuses a --seed that is not a safe integer before printing a launcher that would fail on the cluster", async () => {
    const r = await cli("sweep", SCENARIO, "--set", "sweep={workloads.0.io: [4KiB, 8KiB]}", "--emit", "slurm", "--shards", "2", "--seed", "abc");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe("p2psim sweep: --seed: 'abc' is not a seed: a whole number from -(2^53 - 1) to 2^53 - 1, as the scenario's seed: takes\n");
  });

  it("passes a negative --seed, which a scenario's seed: may be too, to the launcher's shards", async () => {
    const r = await cli("sweep", SCENARIO, "--set", "sweep={workloads.0.io: [4KiB, 8KiB]}", "--emit", "slurm", "--shards", "2", "--seed", "-7", "--out", "/shared/x");
    expect(r.code).toBe(0);
    expect(r.out).toContain(" --seed -7");
  });
});

describe("the sweep's progress bar", () => {
  it("shows points done, the rate and the time left on a terminal, and nothing elsewhere", () => {
    let text = "";
    const tty = Object.assign(Object.create(process.stderr) as NodeJS.WriteStream, { isTTY: true, columns: 120, write: (chunk: string) => ((text += chunk), true), cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    const bar = sweepProgress("demo sweep", tty);
    bar.start(2, 10);
    bar.update(4, 10);
    bar.stop();
    expect(text).toMatch(/demo sweep \[.*\] 4\/10 points, [\d.]+ points\/(s|min), ETA \d/);
    let quiet = "";
    const pipe = Object.assign(Object.create(process.stderr) as NodeJS.WriteStream, { isTTY: false, write: (chunk: string) => ((quiet += chunk), true) });
    const none = sweepProgress("demo", pipe);
    none.start(0, 3);
    none.update(3, 3);
    none.stop();
    expect(quiet).toBe("");
  });

  it("writes durations as hours and minutes, minutes and seconds, or seconds", () => {
    expect(shortDuration(3725)).toBe("1h02m");
    expect(shortDuration(245)).toBe("4m05s");
    expect(shortDuration(12.4)).toBe("12s");
    expect(shortDuration(Infinity)).toBe("?");
  });
});
