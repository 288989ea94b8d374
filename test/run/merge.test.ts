import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_SCENARIO, openScenario } from "../../src/run/library.js";
import { mergeToFolder, sweepToFolder } from "../../src/run/sweep-folder.js";
import { planSweep, type SweepPlan } from "../../src/run/sweep.js";
import { runShard, type ShardRecord } from "../../src/run/shard.js";
import { startWorkers } from "../../src/run/worker-pool.js";
import { readTree, removeDir, tempDir } from "../report/helpers.js";

/** The default scenario made small: 4 points x 3 variants, a fraction of a second each. */
const SETTINGS = [
  "workloads.0.size=1MiB",
  "workloads.1.size=256KiB",
  "sweep={workloads.0.io: [16KiB, 64KiB], workloads.0.queueDepth: [2, 8]}",
];
const plan = (extra: string[] = []): SweepPlan => planSweep(openScenario(DEFAULT_SCENARIO, { settings: [...SETTINGS, ...extra] }));
/** The sweep's own files: what must be byte-identical however the sweep ran. */
const sweepFiles = (dir: string) => new Map([...readTree(dir)].filter(([file]) => !file.startsWith("points/") && !file.startsWith("shards/")));
const expectRefused = async (dirs: string[], message: RegExp) => {
  const out = join(dirs[0]!, "..", "merged");
  await expect(mergeToFolder(dirs, out, { png: false })).rejects.toThrow(message);
  expect(existsSync(join(out, "sweep.csv"))).toBe(false);
};

let root: string;
beforeAll(async () => {
  root = tempDir("p2psim-merge-");
  await sweepToFolder(plan(), join(root, "plain"), { png: false });
  for (let index = 0; index < 3; index++) await runShard(plan(), join(root, "sharded"), { shard: { index, count: 3 }, png: false });
}, 240_000);
afterAll(() => removeDir(root));

describe("a sharded sweep, merged", () => {
  it("gives the same sweep.csv, charts and report.html as the plain sweep, byte for byte", async () => {
    await mergeToFolder([join(root, "sharded")], join(root, "sharded"), { png: false });
    const plain = sweepFiles(join(root, "plain"));
    expect([...plain.keys()]).toEqual(expect.arrayContaining(["sweep.csv", "report.html", "charts/sweep-throughput-vs-workloads.0.io.svg"]));
    expect(sweepFiles(join(root, "sharded"))).toEqual(plain);
  });

  it("also merges shards kept in separate folders, one per machine", async () => {
    for (const shard of [0, 1, 2]) {
      cpSync(join(root, "sharded", "shards", `${shard}-of-3.json`), join(root, `machine${shard}`, "shards", `${shard}-of-3.json`));
      const record = JSON.parse(readFileSync(join(root, "sharded", "shards", `${shard}-of-3.json`), "utf8")) as ShardRecord;
      for (const folder of Object.keys(record.checksums)) cpSync(join(root, "sharded", "points", folder), join(root, `machine${shard}`, "points", folder), { recursive: true });
    }
    await mergeToFolder([0, 1, 2].map((m) => join(root, `machine${m}`)), join(root, "machines"), { png: false });
    expect(readFileSync(join(root, "machines", "sweep.csv"))).toEqual(readFileSync(join(root, "plain", "sweep.csv")));
  });

  it("writes a shard file with the scenario digest, version, seed, points, indices and a checksum per point", () => {
    const record = JSON.parse(readFileSync(join(root, "sharded", "shards", "1-of-3.json"), "utf8")) as ShardRecord;
    expect(record).toMatchObject({ format: "p2psim-sweep-shard/1", scenario: "default", seed: 1, totalPoints: 4, shard: 1, shards: 3, indices: [1] });
    expect(record.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Object.keys(record.checksums)).toEqual(["00001"]);
    expect(readdirSync(join(root, "sharded", "points"))).toEqual(["00000", "00001", "00002", "00003"]);
  });
});

describe("merge refuses", () => {
  const copy = (name: string) => {
    const dir = join(root, name);
    cpSync(join(root, "sharded"), dir, { recursive: true });
    return dir;
  };

  it("a missing shard, listing its points and the --array= to resubmit", async () => {
    const dir = copy("missing");
    rmSync(join(dir, "shards", "2-of-3.json"));
    await expectRefused([dir], /1 of 4 points are missing \(point 2\); resubmit the shards that hold them: --array=2 \(of 3 shards\)/);
  });

  it("a shard given twice", async () => {
    const dir = copy("twice");
    writeFileSync(join(dir, "shards", "0-of-1.json"), readFileSync(join(root, "plain", "shards", "0-of-1.json")));
    await expectRefused([dir], /point 0 is in two shard files: .*0-of-1\.json and .*0-of-3\.json/);
  });

  it("a shard of another scenario, naming the digests", async () => {
    const other = join(root, "other");
    await runShard(plan(["workloads.1.size=512KiB"]), other, { shard: { index: 1, count: 3 }, png: false });
    const dir = copy("foreign");
    cpSync(join(other, "shards", "1-of-3.json"), join(dir, "shards", "1-of-3.json"));
    await expectRefused([dir], /1-of-3\.json: scenario digest sha256:[0-9a-f]+ differs from .*0-of-3\.json's sha256:[0-9a-f]+: a shard of another scenario/);
  });

  it("a shard of another seed", async () => {
    const other = join(root, "seed");
    await runShard(plan(), other, { shard: { index: 2, count: 3 }, png: false, seed: 7 });
    const dir = copy("seeded");
    cpSync(join(other, "shards", "2-of-3.json"), join(dir, "shards", "2-of-3.json"));
    await expectRefused([dir], /2-of-3\.json: seed 7 differs from .*0-of-3\.json's 1/);
  });

  it("a point whose summary changed after its shard finished", async () => {
    const dir = copy("corrupt");
    const file = join(dir, "points", "00003", "summary.json");
    writeFileSync(file, readFileSync(file, "utf8").replace(/"throughputGBps": \d/, '"throughputGBps": 9'));
    await expectRefused([dir], /points\/00003\/summary\.json: its checksum differs from the one in .*0-of-3\.json: .*rerun that shard \(--shard 0\/3;/);
  });

  it("a shard file whose scenario was edited after it ran", async () => {
    const dir = copy("edited");
    const file = join(dir, "shards", "0-of-3.json");
    const record = JSON.parse(readFileSync(file, "utf8")) as ShardRecord;
    (record.data as { seed: number }).seed = 99;
    writeFileSync(file, JSON.stringify(record));
    await expectRefused([dir], /0-of-3\.json: its scenario does not match its own digest/);
  });

  it("shards run by another version of p2psim", async () => {
    const dir = copy("older");
    for (const name of readdirSync(join(dir, "shards"))) {
      const file = join(dir, "shards", name);
      writeFileSync(file, readFileSync(file, "utf8").replace(/"version": "[^"]*"/, '"version": "0.0.1"'));
    }
    await expectRefused([dir], /0-of-3\.json: the shards were run by p2psim 0\.0\.1, this is \d+\.\d+\.\d+: merge with the version that ran them/);
  });

  it("a folder without shard files", async () => {
    await expectRefused([join(root, "nothing")], /nothing: no shards\/\*\.json here/);
  });
});

describe("a rerun", () => {
  it("reuses verified points, reruns a damaged one, and gives the same sweep.csv", async () => {
    const dir = join(root, "resume");
    cpSync(join(root, "plain"), dir, { recursive: true });
    const summary = join(dir, "points", "00002", "summary.json");
    writeFileSync(summary, "{}");
    let reused = -1;
    await sweepToFolder(plan(), dir, { png: false, onStart: (verified) => (reused = verified) });
    expect(reused).toBe(3);
    expect(readFileSync(summary)).toEqual(readFileSync(join(root, "plain", "points", "00002", "summary.json")));
    expect(sweepFiles(dir)).toEqual(sweepFiles(join(root, "plain")));
  }, 180_000);

  it("over another sweep's results that fails leaves those results as they were", async () => {
    const dir = join(root, "kept");
    cpSync(join(root, "plain"), dir, { recursive: true });
    const before = readTree(dir);
    const stop = () => {
      throw new Error("stopped after the first point");
    };
    await expect(sweepToFolder(plan(["sweep={workloads.0.io: [16KiB, 32KiB]}"]), dir, { png: false, onPoint: stop })).rejects.toThrow("stopped after the first point");
    expect(readTree(dir)).toEqual(before);
    expect(readdirSync(root).filter((name) => name.startsWith(".kept"))).toEqual([]);
  }, 180_000);

  it("of another sweep in the same folder runs every point again and leaves no stale point", async () => {
    const dir = join(root, "reused");
    cpSync(join(root, "plain"), dir, { recursive: true });
    let reused = -1;
    const rows = await sweepToFolder(plan(["sweep={workloads.0.io: [16KiB, 32KiB]}"]), dir, { png: false, onStart: (verified) => (reused = verified) });
    expect(reused).toBe(0);
    expect(rows).toHaveLength(2);
    expect(readdirSync(join(dir, "points"))).toEqual(["00000", "00001"]);
    expect(readdirSync(join(dir, "shards"))).toEqual(["0-of-1.json"]);
  }, 180_000);
});

describe("worker threads", () => {
  it("change no byte of the sweep, whether points or variants run side by side", async () => {
    // 2 threads for 4 points: points side by side; 5 threads for 4 points: the points' variants side by side.
    for (const threads of [2, 5]) {
      const pool = startWorkers(threads - 1);
      try {
        const dir = join(root, `threads${threads}`);
        await sweepToFolder(plan(), dir, { png: false, pool });
        expect(sweepFiles(dir)).toEqual(sweepFiles(join(root, "plain")));
        for (const point of ["00000", "00003"]) {
          expect(readTree(join(dir, "points", point))).toEqual(readTree(join(root, "plain", "points", point)));
        }
      } finally {
        await pool.close();
      }
    }
  }, 240_000);
});
