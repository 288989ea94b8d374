import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { canonicalJson } from "../src/report/canonical-json.js";
import { openScenario, parseScenario, run, scenarioFromObject, sweep, withOverrides, UsageError } from "../src/index.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

describe("the package imported by its name", () => {
  it("runs the default scenario through the API and gets the same summary as p2psim run", () => {
    const api = node([join(ROOT, "test/fixtures/api/default-summary.mjs")]);
    expect(api.status, api.stderr).toBe(0);
    const out = JSON.parse(api.stdout) as { summary: unknown; rows: number; charts: string[]; devices: string[]; version: string };
    const dir = join(mkdtempSync(join(tmpdir(), "p2psim-api-")), "default");
    const cli = node([join(ROOT, "dist/src/cli/main.js"), "run", "--out", dir, "--no-png"]);
    expect(cli.status, cli.stderr).toBe(0);
    expect(canonicalJson(out.summary)).toBe(readFileSync(join(dir, "summary.json"), "utf8"));
    expect(out.rows).toBe(6);
    expect(out.charts).toContain("throughput");
    expect(out.devices).toEqual(["nic0", "nvme0"]);
    expect(out.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

const SMALL = `
name: api-small
extends: platforms/intel-icx.yaml
fabric:
  - { id: rp0, type: root-port, hostBridge: hb0 }
  - { id: sw0, type: switch, parent: rp0, link: gen4x16 }
  - { id: nic0, type: endpoint, parent: sw0, link: gen4x16 }
  - { id: nvme0, type: endpoint, parent: sw0, link: gen4x4, bar: { size: 64MiB } }
workloads:
  - { name: copy, from: nic0, to: nvme0, size: 1MiB, io: 64KiB, queueDepth: 4 }
compare: [p2p, bounce]
platform: { kernel: { disableAcsRedir: all } }
`;

describe("the library API", () => {
  it("opens a scenario from YAML text, an object and a file alike", () => {
    const fromText = parseScenario(SMALL);
    const fromObject = scenarioFromObject(fromText.raw);
    expect(fromObject.topology).toEqual(fromText.topology);
    expect(openScenario().scenario.name).toBe("default");
  });

  it("overrides fields with typed values and validates them again", () => {
    const s = parseScenario(SMALL);
    const bigger = withOverrides(s, { "workloads.0.io": "128KiB", compare: ["bounce"] });
    expect(bigger.workloads[0]!.ioBytes).toBe(128 * 1024);
    expect(bigger.variants.map((v) => v.name)).toEqual(["bounce"]);
    expect(() => withOverrides(s, { "workloads.0.io": "lots" })).toThrow(UsageError);
  });

  it("runs same-switch P2P without touching the uplink and bounce through it twice", () => {
    const { summary } = run(parseScenario(SMALL));
    const [p2p, bounce] = summary.variants;
    const uplink = (v: typeof p2p) => v!.links.filter((l) => l.link === "rp0-sw0").reduce((sum, l) => sum + l.bytes, 0);
    expect(uplink(p2p)).toBe(0);
    expect(uplink(bounce)).toBe(2 * 1024 * 1024);
    expect(p2p!.flows[0]!.bytes).toBe(1024 * 1024);
  });

  it("sweeps in point order, the same with one worker as with two", async () => {
    const s = withOverrides(parseScenario(SMALL), { sweep: { "workloads.0.io": ["16KiB", "64KiB", "256KiB"] } });
    const one = await sweep(s, { workers: 1 });
    const two = await sweep(s, { workers: 2 });
    expect(one.map((p) => p.axis["workloads.0.io"])).toEqual(["16KiB", "64KiB", "256KiB"]);
    expect(canonicalJson(two)).toBe(canonicalJson(one));
  });
});
