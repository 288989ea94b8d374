import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/app.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "dist/src/cli/main.js");
const SHARED_CHECKER = join(ROOT, "../shared/tools/check-summary.mjs");
const CHECKER = existsSync(SHARED_CHECKER) ? SHARED_CHECKER : join(ROOT, "test/fixtures/check-summary.mjs");

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const scratch = () => mkdtempSync(join(tmpdir(), "p2psim-test-"));
/** The default scenario made small, so a test run takes well under a second a variant. */
const SMALL = ["--set", "workloads.0.size=4MiB", "--set", "workloads.1.size=1MiB"];

describe("p2psim check", () => {
  it("accepts the default scenario", async () => {
    const r = await cli("check", join(ROOT, "scenarios/default.yaml"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/default\.yaml: ok \(4 fabric nodes, 2 workloads, variants p2p, bounce, auto\)/);
  });

  it("names the file, the field path and what is allowed, exits 2 and writes nothing", async () => {
    const dir = scratch();
    const file = join(dir, "broken.yaml");
    writeFileSync(
      file,
      [
        "name: broken",
        "fabric:",
        "  - { id: rp0, type: root-port, hostBridge: hb0 }",
        "  - { id: sw0, type: switch, parent: rp0, link: gen9x3 }",
        "  - { id: ep0, type: endpoint, parent: sw9, link: gen4x4, dma: { mps: 384 } }",
        "workloads:",
        "  - { name: w, from: ep0, to: s0, size: -1 }",
      ].join("\n"),
    );
    const r = await cli("check", file);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    const lines = r.err.trim().split("\n");
    expect(lines).toContain(`p2psim check: ${file}:4: fabric.1.link: 'gen9x3' is not a PCIe link; allowed: gen1..gen6 with x1, x2, x4, x8 or x16 (e.g. gen4x16)`);
    expect(lines.some((l) => l.startsWith(`${file}:5: fabric.2.dma.mps: 384 is not one of 128, 256, 512, 1024, 2048, 4096`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${file}:7: workloads.0.size: '-1' is not a size`))).toBe(true);
    // The dangling parent is reported in the same pass as the schema's problems.
    expect(lines).toContain(`${file}:5: fabric.2.parent: 'sw9' is not a root port or switch of this scenario; ports here: rp0, sw0; did you mean 'sw0'?`);
    expect(readdirSync(dir)).toEqual(["broken.yaml"]);
  });

  it("reports reference problems with their paths and lines, suggesting the nearest id", async () => {
    const dir = scratch();
    const file = join(dir, "dangling.yaml");
    writeFileSync(file, "name: dangling\nfabric:\n  - { id: rp0, type: root-port, hostBridge: hb0 }\n  - { id: ep0, type: endpoint, parent: sw9, link: gen4x4 }\nworkloads:\n  - { name: w, from: ep0, to: nowhere, size: 1MiB }\n");
    const r = await cli("check", file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:4: fabric.1.parent: 'sw9' is not a root port or switch of this scenario; ports here: rp0\n`);
    expect(r.err).toContain(`${file}:6: workloads.0.to: 'nowhere' is not an endpoint or socket; endpoints and sockets here: s0, ep0\n`);
  });

  it("says where YAML is broken", async () => {
    const dir = scratch();
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "name: [unclosed\n");
    const r = await cli("check", file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.yaml:\d+: not valid YAML or JSON/);
  });

  it("names a missing file", async () => {
    const r = await cli("check", "/nonexistent/scenario.yaml");
    expect(r.code).toBe(2);
    expect(r.err).toBe("p2psim check: /nonexistent/scenario.yaml: cannot read it (ENOENT); give a readable scenario file\n");
  });
});

describe("p2psim run", () => {
  it("writes a results folder that matches the output contract", async () => {
    const out = join(scratch(), "default");
    const r = await cli("run", join(ROOT, "scenarios/default.yaml"), ...SMALL, "--out", out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/variant\s+flow\s+GB\/s/);
    const check = spawnSync(process.execPath, [CHECKER, out], { encoding: "utf8" });
    expect(check.stdout).toMatch(/matches the output contract/);
    expect(check.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.variants.map((v: { path: string }) => v.path)).toEqual(["p2p", "bounce", "auto"]);
  });

  it("leaves nothing behind when it cannot write its results", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "a-file"), "");
    const r = await cli("run", join(ROOT, "scenarios/default.yaml"), ...SMALL, "--no-png", "--out", join(dir, "a-file", "out"));
    expect(r.code).toBe(2);
    // Found before anything is simulated.
    expect(r.err).toMatch(/--out .*a-file\/out: '.*a-file' is a file, not a folder \(ENOTDIR\); choose another path\n$/);
    expect(readdirSync(dir)).toEqual(["a-file"]);
  });

  it("exits 2 on a file that fails validation, stopping the worker threads it started before reading it", () => {
    // run starts its workers first (they load the model while it reads the files); a worker left
    // running would keep the process alive, and spawnSync would time out instead of returning 2.
    const dir = scratch();
    const file = join(dir, "broken.yaml");
    writeFileSync(file, "name: broken\nfabric: []\nworkloads: []\n");
    const r = spawnSync(process.execPath, [BIN, "run", file, "--workers", "3", "--out", join(dir, "out")], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^p2psim run: .*broken\.yaml/);
    expect(readdirSync(dir)).toEqual(["broken.yaml"]);
  });

  it("rejects a bad --set before running anything", async () => {
    const r = await cli("run", join(ROOT, "scenarios/default.yaml"), "--set", "workloads.0.io=huge");
    expect(r.code).toBe(2);
    // The value came from --set, not from a line of the file.
    expect(r.err).toMatch(/default\.yaml: workloads\.0\.io: 'huge' is not a size/);
  });
});

describe("errors on the terminal", () => {
  it.each([
    ["report", "/tmp/p2psim-no\x1b[31mresults"],
    ["sweep", "merge", "/tmp/p2psim-no\x1b[31mshards"],
    ["import", "lspci", "/tmp/p2psim-no\x1b[31mcapture"],
  ])("show a control character of a path given to %s escaped, never raw", async (...argv) => {
    // report, sweep merge and import named the path as given: a terminal obeyed its ESC.
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain("p2psim-no\\u001b[31m");
    expect(r.err).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  });
});

describe("p2psim topo and schema", () => {
  it("prints the tree and the kernel's decision for every pair", async () => {
    const r = await cli("topo", join(ROOT, "scenarios/default.yaml"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/└─ sw0 switch, gen4x16, ACS redirect on its downstream ports/);
    expect(r.out).toMatch(/nic0\s+X\s+HB 4 PIX/);
    const off = await cli("topo", join(ROOT, "scenarios/default.yaml"), "--set", "platform.kernel.disableAcsRedir=all");
    expect(off.out).toMatch(/nic0\s+X\s+BUS 4 PIX/);
  });

  it("prints a JSON Schema with a description and default for scenario fields", async () => {
    const r = await cli("schema");
    const schema = JSON.parse(r.out);
    expect(schema.properties.fabric.type).toBe("array");
    expect(schema.properties.compare.default).toEqual(["p2p", "bounce"]);
    expect(schema.properties.workloads.items.properties.io.default).toBe("128KiB");
  });
});

describe("p2psim sweep", () => {
  it("gives an identical sweep.csv for 16 points with 1 and with 4 workers", () => {
    const sets = [
      ...SMALL,
      "--set", "compare=[p2p, bounce]",
      "--set", "workloads.1.size=256KiB",
      "--set", 'sweep={"workloads.0.io": {from: 16KiB, to: 128KiB, factor: 2}, "workloads.0.queueDepth": [1, 2, 4, 8]}',
      "--no-png",
      "--quiet",
    ];
    const dir = scratch();
    const run = (workers: number) =>
      spawnSync(process.execPath, [BIN, "sweep", join(ROOT, "scenarios/default.yaml"), ...sets, "--workers", String(workers), "--out", join(dir, `w${workers}`)], { encoding: "utf8" });
    const one = run(1);
    const four = run(4);
    expect(one.stderr).toBe("");
    expect(one.status).toBe(0);
    expect(four.status).toBe(0);
    const csv = readFileSync(join(dir, "w1", "sweep.csv"), "utf8");
    // One record per point, variant and flow (kernel warnings inside quotes span lines).
    expect(csv.match(/^\d+,\d+,(p2p|bounce),/gm)).toHaveLength(16 * 2 * 2);
    expect(readFileSync(join(dir, "w4", "sweep.csv"), "utf8")).toBe(csv);
    expect(readdirSync(join(dir, "w1", "points"))).toHaveLength(16);
  }, 120_000);

  it("refuses a scenario without a sweep block", async () => {
    const r = await cli("sweep", join(ROOT, "scenarios/default.yaml"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the scenario has no sweep: block/);
  });
});
