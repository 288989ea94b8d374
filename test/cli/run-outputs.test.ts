import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/app.js";
import { TEXT_COLUMNS } from "../../src/report/text-report.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "dist/src/cli/main.js");
const scratch = () => mkdtempSync(join(tmpdir(), "p2psim-test-"));

/** A scenario small enough to run in a fraction of a second. */
const SCENARIO = `name: tiny
description: one NIC writing into an SSD's CMB under one switch
seed: 3
fabric:
  - { id: rp0, type: root-port, hostBridge: hb0 }
  - { id: sw0, type: switch, parent: rp0, link: gen4x16, latency: 105ns }
  - { id: nic0, type: endpoint, parent: sw0, link: gen4x16, dma: { mps: 256B, mrrs: 512B, tags: 64 } }
  - { id: nvme0, type: endpoint, parent: sw0, link: gen4x4, bar: { size: 64MiB, bandwidth: 8GB/s } }
workloads:
  - { name: w, from: nic0, to: nvme0, size: 2MiB, io: 128KiB, queueDepth: 4 }
compare: [p2p, bounce]
`;

function p2psim(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe("p2psim run's folders and provenance", () => {
  it("writes the default scenario's golden summary byte for byte from the built CLI, which is what ships (the other tests run the sources)", () => {
    const dir = scratch();
    const r = p2psim(dir, "run", "--no-png", "--out", join(dir, "out"));
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "out/summary.json"), "utf8")).toBe(readFileSync(join(ROOT, "test/golden/default.summary.json"), "utf8"));
  });

  it("writes a --set run beside the plain run's folder and leaves the plain one untouched", () => {
    const dir = scratch();
    writeFileSync(join(dir, "tiny.yaml"), SCENARIO);
    expect(p2psim(dir, "run", "tiny.yaml", "--no-png").code).toBe(0);
    const plain = join(dir, "results/tiny/summary.json");
    const before = readFileSync(plain);
    const mtime = statSync(plain).mtimeMs;
    const edited = p2psim(dir, "run", "tiny.yaml", "--no-png", "--set", "workloads.0.io=64KiB");
    expect(edited.code).toBe(0);
    const folders = readdirSync(join(dir, "results")).sort();
    expect(folders).toHaveLength(2);
    expect(folders[0]).toBe("tiny");
    expect(folders[1]).toMatch(/^tiny-[0-9a-f]{8}$/);
    expect(readFileSync(plain)).toEqual(before);
    expect(statSync(plain).mtimeMs).toBe(mtime);
    // The edited run says what was overridden, in its title, its summary and its folder's digest.
    expect(edited.out.split("\n")[0]).toBe("tiny (--set workloads.0.io=64KiB): one NIC writing into an SSD's CMB under one switch");
    const summary = JSON.parse(readFileSync(join(dir, "results", folders[1]!, "summary.json"), "utf8"));
    expect(summary.provenance.overrides).toEqual(["workloads.0.io=64KiB"]);
    expect(summary.provenance.digest.slice(0, 8)).toBe(folders[1]!.slice(5));
    expect(summary.provenance.scenario.workloads[0].io).toBe("64KiB");
    expect(summary.provenance.command).toBe("p2psim run tiny.yaml --set workloads.0.io=64KiB");
    expect(summary.provenance.tool).toEqual({ name: "p2psim", version: JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version });
    // The same edit again gives the same folder (the digest depends only on the resolved scenario and seed).
    expect(p2psim(dir, "run", "tiny.yaml", "--no-png", "--set", "workloads.0.io=64KiB").code).toBe(0);
    expect(readdirSync(join(dir, "results"))).toHaveLength(2);
  });

  it("records the provenance and the report's text in the folder, and p2psim report prints the same", async () => {
    const dir = scratch();
    const file = join(dir, "tiny.yaml");
    writeFileSync(file, SCENARIO);
    const out = join(dir, "out");
    const r = await cli("run", file, "--out", out, "--no-png", "--format", "text");
    expect(r.code).toBe(0);
    for (const line of r.out.trimEnd().split("\n")) expect(line.length).toBeLessThanOrEqual(TEXT_COLUMNS);
    expect(readFileSync(join(out, "report.txt"), "utf8")).toBe(r.out);
    const again = await cli("report", out, "--format", "text");
    expect(again.out).toBe(r.out);
    const md = await cli("report", out, "--format", "markdown");
    expect(md.out).toBe(readFileSync(join(out, "report.md"), "utf8"));
    const html = readFileSync(join(out, "report.html"), "utf8");
    const digest = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).provenance.digest as string;
    expect(html.includes(digest)).toBe(true);
  });

  it("refuses a format or a window it does not know, naming the option and what is allowed", async () => {
    const format = await cli("run", "--format", "html");
    expect(format.code).toBe(2);
    expect(format.err).toBe("p2psim run: --format: 'html' is not one of table, text, markdown\n");
    const window = await cli("run", "--window", "0us");
    expect(window.code).toBe(2);
    expect(window.err).toBe("p2psim run: --window: '0us' is not a positive time, e.g. 100us\n");
  });

  it("warns on stderr with the window it used when --window would cut the run into more than 4096 windows", async () => {
    const dir = scratch();
    const file = join(dir, "tiny.yaml");
    writeFileSync(file, SCENARIO);
    const r = await cli("run", file, "--out", join(dir, "out"), "--no-png", "--quiet", "--window", "1ns");
    expect(r.code).toBe(0);
    expect(r.err).toBe("p2psim run: warning: --window 1ns would cut the run into more than 4096 windows; used 128ns (the window doubled until the run fits)\n");
    const variants = JSON.parse(readFileSync(join(dir, "out/summary.json"), "utf8")).variants as Array<{ windowNs: number }>;
    expect(variants.map((v) => v.windowNs)).toEqual([128, 128]);
  });

  it("says nothing about a --window the run could use as given", async () => {
    const dir = scratch();
    const file = join(dir, "tiny.yaml");
    writeFileSync(file, SCENARIO);
    const r = await cli("run", file, "--out", join(dir, "out"), "--no-png", "--quiet", "--window", "100ns");
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
  });

  it.each(["-5", "2147483648", "9007199254740991"])("takes --seed %s, as a scenario's seed: does, and records it", async (seed) => {
    const dir = scratch();
    const file = join(dir, "tiny.yaml");
    writeFileSync(file, SCENARIO);
    const r = await cli("run", file, "--out", join(dir, "out"), "--no-png", "--quiet", "--seed", seed);
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, "out/summary.json"), "utf8")) as { seed: number; provenance: { command: string } };
    expect(summary.seed).toBe(Number(seed));
    expect(summary.provenance.command).toContain(`--seed ${seed}`);
  });

  it.each(["9007199254740992", "-9007199254740992", "1.5", "1e3", "", "seven"])("refuses --seed '%s', which no scenario's seed: takes either", async (seed) => {
    const r = await cli("run", "--seed", seed);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`p2psim run: --seed: '${seed}' is not a seed: a whole number from -(2^53 - 1) to 2^53 - 1, as the scenario's seed: takes\n`);
  });

  it("refuses a report of a folder without a summary, naming the file", async () => {
    const r = await cli("report", scratch());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/summary\.json: cannot read it \(ENOENT\)/);
  });
});

describe("p2psim run --trace", () => {
  it("writes Chrome trace-event JSON that parses back, one track per link direction and component, within its bound", async () => {
    const dir = scratch();
    const file = join(dir, "tiny.yaml");
    writeFileSync(file, SCENARIO);
    const trace = join(dir, "trace.json");
    const r = await cli("run", file, "--out", join(dir, "out"), "--no-png", "--trace", trace, "--trace-events", "5000");
    expect(r.code).toBe(0);
    const parsed = JSON.parse(readFileSync(trace, "utf8")) as { traceEvents: Array<{ name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: Record<string, unknown> }>; otherData: { simulated: boolean } };
    expect(parsed.otherData.simulated).toBe(true);
    const events = parsed.traceEvents;
    const processes = events.filter((e) => e.name === "process_name").map((e) => e.args!.name);
    expect(processes).toEqual(["p2p", "bounce"]);
    const tracks = new Set(events.filter((e) => e.name === "thread_name").map((e) => e.args!.name));
    for (const track of ["sw0-nic0 up", "sw0-nvme0 down", "rp0-sw0 up", "nvme0 bar", "s0 dram"]) expect(tracks).toContain(track);
    const complete = events.filter((e) => e.ph === "X");
    for (const pid of [1, 2]) expect(complete.filter((e) => e.pid === pid).length).toBeLessThanOrEqual(5000);
    // Counters show the queues fill: the staging buffers and credit stalls per window.
    const counters = events.filter((e) => e.ph === "C");
    expect(counters.some((e) => e.name === "sw0-nic0 up credits")).toBe(true);
    for (const c of counters) expect((c.args!.saturated as number) >= 0 && (c.args!.saturated as number) <= 1).toBe(true);
    // The p2p variant moved 2 MiB in 256 B writes: 8192 MWr TLPs on the SSD's link, capped at 5000 events in all.
    const dropped = events.find((e) => e.name === "process_name" && e.pid === 1)!.args!.droppedEvents as number;
    expect(dropped).toBeGreaterThan(0);
    for (const e of complete) {
      expect(e.dur).toBeGreaterThan(0);
      expect(Number.isFinite(e.ts)).toBe(true);
    }
  });

  it("writes byte-identical traces, time series and reports for the same scenario and seed", async () => {
    const dir = scratch();
    const file = join(dir, "tiny.yaml");
    writeFileSync(file, SCENARIO);
    for (const name of ["a", "b"]) expect((await cli("run", file, "--out", join(dir, name), "--no-png", "--trace", join(dir, `${name}.json`))).code).toBe(0);
    expect(readFileSync(join(dir, "a.json")).equals(readFileSync(join(dir, "b.json")))).toBe(true);
    for (const f of ["summary.json", "timeseries.csv", "resources.csv", "report.txt", "report.md", "report.html"]) expect(readFileSync(join(dir, "a", f)).equals(readFileSync(join(dir, "b", f))), f).toBe(true);
  });

  it.each([
    [["--trace-from", "1ms", "--trace-to", "1us"], "--trace-from 1ms is not before --trace-to 1us; the trace keeps what starts from --trace-from up to, not including, --trace-to"],
    [["--trace-from", "5us", "--trace-to", "5000ns"], "--trace-from 5us is not before --trace-to 5000ns; the trace keeps what starts from --trace-from up to, not including, --trace-to"],
    [["--trace-to", "0us"], "--trace-to: '0us' is not a positive time, e.g. 100us"],
  ])("refuses %j, a trace window with nothing in it, before running anything", async (args, text) => {
    const dir = scratch();
    const file = join(dir, "tiny.yaml");
    writeFileSync(file, SCENARIO);
    const r = await cli("run", file, "--out", join(dir, "out"), "--trace", join(dir, "trace.json"), ...args);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`p2psim run: ${text}\n`);
    expect(readdirSync(dir)).toEqual(["tiny.yaml"]);
  });

  it("warns that the trace holds no TLPs when --trace-from is past the run's end, which is known only after the run", async () => {
    const dir = scratch();
    const file = join(dir, "tiny.yaml");
    writeFileSync(file, SCENARIO);
    const r = await cli("run", file, "--out", join(dir, "out"), "--no-png", "--quiet", "--trace", join(dir, "trace.json"), "--trace-from", "1s");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^p2psim run: warning: --trace-from 1s is not before the run's end \([\d.]+ ms\); the trace holds no TLPs\n$/);
    const events = JSON.parse(readFileSync(join(dir, "trace.json"), "utf8")).traceEvents as Array<{ ph: string }>;
    expect(events.filter((e) => e.ph !== "M")).toEqual([]);
    const early = await cli("run", file, "--out", join(dir, "out2"), "--no-png", "--quiet", "--trace", join(dir, "trace2.json"), "--trace-from", "1ns");
    expect(early.err).toBe("");
  });

  it.each(["trace-from", "trace-to", "trace-events"])("refuses --%s without --trace, which it would not apply to", async (option) => {
    const dir = scratch();
    const file = join(dir, "tiny.yaml");
    writeFileSync(file, SCENARIO);
    const r = await cli("run", file, "--out", join(dir, "out"), "--no-png", "--quiet", `--${option}`, option === "trace-events" ? "10" : "1us");
    expect(r.code).toBe(2);
    expect(r.err).toBe(`p2psim run: --${option}: only applies with --trace FILE; add --trace FILE or drop --${option}\n`);
  });

  it("keeps only the TLPs of the window asked for", async () => {
    const dir = scratch();
    const file = join(dir, "tiny.yaml");
    writeFileSync(file, SCENARIO);
    const trace = join(dir, "trace.json");
    expect((await cli("run", file, "--out", join(dir, "out"), "--no-png", "--trace", trace, "--trace-from", "50us", "--trace-to", "60us")).code).toBe(0);
    const complete = (JSON.parse(readFileSync(trace, "utf8")).traceEvents as Array<{ ph: string; ts: number }>).filter((e) => e.ph === "X");
    expect(complete.length).toBeGreaterThan(0);
    for (const e of complete) {
      expect(e.ts).toBeGreaterThanOrEqual(50);
      expect(e.ts).toBeLessThan(60);
    }
  });
});
