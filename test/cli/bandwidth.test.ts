import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/app.js";
import { analyticBandwidth } from "../../src/model/analytic.js";
import { bandwidthPoint, bandwidthPoints, type LinkBench } from "../../src/run/bandwidth.js";

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const BIN = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));

/** `p2psim bandwidth`'s defaults on a Gen3 x8 link, simulating `targetTlps` TLPs per point. */
const gen3x8Bench = (targetTlps: number): LinkBench => ({
  link: { gen: "gen3", lanes: 8 },
  mps: 256,
  mrrs: 512,
  rcb: 64,
  tags: 256,
  latencyPs: 20_000,
  memoryLatencyPs: 80_000,
  memoryGBps: 200,
  completionBytes: undefined,
  dllpFactor: 1,
  targetTlps,
  ecrc: false,
  addr32: false,
});

describe("p2psim bandwidth", () => {
  it("prints the oracle and the simulation side by side in JSON for one point", async () => {
    const r = await run("bandwidth", "--link", "gen4x16", "--mps", "256", "--mrrs", "512", "--op", "read", "--size", "4KiB", "--tags", "64", "--json");
    expect(r.code).toBe(0);
    const point = JSON.parse(r.out);
    const analytic = analyticBandwidth({ link: { gen: "gen4", lanes: 16 }, mps: 256, mrrs: 512, op: "read", sizeBytes: 4096 });
    expect(point.analyticGBps).toBeCloseTo(analytic.totalGBps, 5);
    expect(point).toMatchObject({ link: "gen4x16", op: "read", sizeBytes: 4096, tags: 64, mps: 256, mrrs: 512 });
    expect(point.simulatedGBps).toBeGreaterThan(0);
    expect(point.simulatedGBps).toBeLessThanOrEqual(point.analyticGBps * 1.005);
  });

  it("sweeps a list of sizes and operations, one JSON object each", async () => {
    const r = await run("bandwidth", "--op", "write,both", "--size", "64,256,4KiB", "--json", "--tlps", "2000");
    const points = JSON.parse(r.out) as Array<{ op: string; sizeBytes: number; differencePct: number }>;
    expect(points.map((p) => `${p.op}:${p.sizeBytes}`)).toEqual(["write:64", "write:256", "write:4096", "both:64", "both:256", "both:4096"]);
    for (const p of points) expect(Math.abs(p.differencePct)).toBeLessThan(0.5);
  });

  it("prints a table with the reference Gen3 x8 figures by default", async () => {
    const r = await run("bandwidth", "--size", "64", "--tlps", "2000");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/gen3x8, MPS 256, MRRS 512/);
    expect(r.out).toMatch(/TLP layer 57\.885 Gb\/s/);
    expect(r.out).toMatch(/write\s+64B\s+5\.262\s+5\.262/);
    expect(r.out).toMatch(/read\s+64B\s+5\.513\s+5\.513/);
  });

  it("gives the same output for the same input", async () => {
    const args = ["bandwidth", "--op", "both", "--size", "1500", "--json", "--tlps", "3000"];
    expect((await run(...args)).out).toBe((await run(...args)).out);
  });

  it.each([
    [["--link", "gen9x3"], /^p2psim bandwidth: --link: 'gen9x3' is not a PCIe link; allowed: gen1\.\.gen6/],
    [["--mps", "384"], /^p2psim bandwidth: --mps: '384' is not one of 128, 256, 512, 1024, 2048, 4096$/],
    [["--size", "-1"], /^p2psim bandwidth: --size: '-1' is not a size; use a positive whole number of bytes/],
    [["--size", "64,zero"], /^p2psim bandwidth: --size: 'zero' is not a size/],
    [["--tags", "0"], /^p2psim bandwidth: --tags: '0' is not a whole number from 1 to 768$/],
    [["--op", "copy"], /^p2psim bandwidth: --op: 'copy' is not one of read, write, both$/],
    [["--op", ""], /^p2psim bandwidth: --op: '' is an empty list; give one or more of read, write, both, separated by commas$/],
    [["--op", " , "], /^p2psim bandwidth: --op: ' , ' is an empty list; give one or more of read, write, both, separated by commas$/],
    [["--size", "4KiB,,8KiB"], /^p2psim bandwidth: --size: '4KiB,,8KiB' has an empty item; give one or more sizes such as 64, 1500, 4KiB, separated by single commas$/],
    [["--size", "64,"], /^p2psim bandwidth: --size: '64,' has an empty item; give one or more sizes such as 64, 1500, 4KiB, separated by single commas$/],
    [["--rcb", "256"], /^p2psim bandwidth: --rcb: '256' is not one of 64, 128$/],
    [["--latency", "20"], /^p2psim bandwidth: --latency: '20' is not a time/],
    [["--mem-bw", "fast"], /^p2psim bandwidth: --mem-bw: 'fast' is not a rate/],
    [["--mps"], /^p2psim bandwidth: --mps: needs a value$/],
    [["--colour"], /^p2psim bandwidth: unknown option '--colour'; options: --link, --mps/],
  ])("rejects %j with one line naming the option and what is allowed, exit 2", async (args, pattern) => {
    const r = await run("bandwidth", ...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
    expect(r.err.trimEnd()).toMatch(pattern);
  });

  it("refuses more than 10000 points (operations x sizes) before simulating any", async () => {
    const sizes = Array.from({ length: 5001 }, (_, i) => String(64 * (i + 1))).join(",");
    const r = await run("bandwidth", "--op", "write,read", "--size", sizes);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe("p2psim bandwidth: --size: 5001 sizes x 2 operations make 10002 points; at most 10000 (a typo in a list should not start hours of simulation)\n");
  });

  it("stops at --max-wall between points, exit 2, printing nothing", async () => {
    const r = await run("bandwidth", "--op", "write", "--size", "64,128,256", "--tlps", "1000", "--max-wall", "0s");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe("p2psim bandwidth: stopped by --max-wall 0 s after 1 of 3 points; nothing was printed (raise --max-wall, or give fewer sizes or a smaller --tlps)\n");
    const ample = await run("bandwidth", "--op", "write", "--size", "64,128", "--tlps", "1000", "--max-wall", "3600s", "--json");
    expect(ample.code).toBe(0);
    expect(JSON.parse(ample.out)).toHaveLength(2);
  });

  it("refuses a --max-wall that is not a time", async () => {
    const r = await run("bandwidth", "--max-wall", "60");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^p2psim bandwidth: --max-wall: '60' is not a time/);
  });

  it("reports the points done every 5 s of its clock, and computes the same points as without a watch", () => {
    const bench = gen3x8Bench(1000);
    let now = 0;
    const clock = () => (now += 3000) - 3000; // 0, 3000, 6000, ... ms: a point takes 3 s
    const seen: Array<[number, number, number]> = [];
    const sizes = [64, 128, 256, 512];
    const points = bandwidthPoints({ ...bench, ops: ["write"], sizes }, { clock, onProgress: (done, total, elapsedMs) => seen.push([done, total, elapsedMs]) });
    expect(seen).toEqual([[2, 4, 6000]]);
    expect(points).toEqual(sizes.map((size) => bandwidthPoint(bench, "write", size)));
  });

  it("stops a long point on time with --max-wall, inside its simulation, and slicing it changes no figure", () => {
    const bench = gen3x8Bench(4000);
    let now = 0;
    let looks = 0;
    const clock = () => {
      looks++;
      return (now += 1000) - 1000; // each look at the clock: 1 s later
    };
    // One point only: before, the limit was looked at between points, so a single point always ran to its end.
    expect(() => bandwidthPoints({ ...bench, ops: ["read"], sizes: [4096] }, { clock, maxWallMs: 2500, sliceEvents: 200 })).toThrow(
      /^stopped by --max-wall 2\.5 s after 0 of 1 points/,
    );
    expect(looks).toBe(4); // the start, then 1, 2 and 3 s inside the point
    let calls = 0;
    expect(bandwidthPoint(bench, "read", 4096, () => void calls++, 200)).toEqual(bandwidthPoint(bench, "read", 4096));
    expect(calls).toBeGreaterThan(10);
  });

  it("names unknown commands and lists the known ones", async () => {
    const r = await run("frobnicate");
    expect(r.code).toBe(2);
    expect(r.err).toBe("p2psim: unknown command 'frobnicate'; commands: run, sweep, check, topo, schema, bandwidth, import, export, report\n");
  });

  it("prints help with examples, for the tool and for the command", async () => {
    expect((await run("--help")).out).toMatch(/Commands:\n\s+run\s+run scenarios[\s\S]*\n\s+bandwidth\s/);
    const help = await run("bandwidth", "--help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Examples:\n\s+p2psim bandwidth/);
  });

  it("exits 2 without a stack trace from the installed executable", () => {
    const r = spawnSync(process.execPath, [BIN, "bandwidth", "--link", "gen9x3"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "p2psim bandwidth: --link: 'gen9x3' is not a PCIe link; allowed: gen1..gen6 with x1, x2, x4, x8 or x16 (e.g. gen4x16)\n",
    );
    expect(r.stdout).toBe("");
  });

  it("runs from the installed executable and prints JSON", () => {
    const out = execFileSync(process.execPath, [BIN, "bandwidth", "--op", "write", "--size", "256", "--json", "--tlps", "1000"], { encoding: "utf8" });
    expect(JSON.parse(out).analyticGbps).toBeCloseTo(52.92, 2);
  });
});
