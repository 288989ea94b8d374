/**
 * Killing `p2psim run` and `p2psim sweep` at each phase and looking at what is on disk: the
 * previous results stay byte for byte, temporaries go, and a rerun gives the same files. The
 * phases are reached exactly with the P2PSIM_PAUSE_AT test hook (src/report/atomic-dir.ts), which
 * prints `paused at PHASE` and waits; the compiled CLI runs as a child process.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cleanStaleTemporaries } from "../../src/report/atomic-dir.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "dist/src/cli/main.js");
const DEFAULT = join(ROOT, "scenarios/default.yaml");
const SMALL = ["--set", "workloads.0.size=1MiB", "--set", "workloads.1.size=256KiB", "--set", "compare=[p2p]", "--no-png", "--quiet"];
const scratch = () => mkdtempSync(join(tmpdir(), "p2psim-signal-"));

/** A sweep of two small points. */
function sweepFile(dir: string): string {
  const file = join(dir, "sw.yaml");
  writeFileSync(file, `name: sw\nextends: default.yaml\ncompare: [p2p]\nworkloads:\n  - { name: nic-to-ssd, from: nic0, to: nvme0, size: 1MiB, io: 128KiB, queueDepth: 16 }\n  - { name: host-reads, from: s0, to: nic0, size: 256KiB, io: 4KiB, queueDepth: 64 }\nsweep:\n  workloads.0.queueDepth: [4, 8]\n`);
  writeFileSync(join(dir, "default.yaml"), readFileSync(DEFAULT, "utf8"));
  return file;
}

const runCli = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env } });

/** Files under `dir` with their bytes. */
function tree(dir: string, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = join(prefix, entry.name);
    if (entry.isDirectory()) for (const [k, v] of tree(dir, rel)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, rel), "latin1"));
  }
  return out;
}

/** Starts the CLI paused at `phase`; resolves once it says so. */
function startPaused(args: string[], phase: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, P2PSIM_PAUSE_AT: phase }, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolvePaused, reject) => {
    let err = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes(`paused at ${phase}`)) resolvePaused(child);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code} before pausing: ${err}`)));
  });
}

function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }> {
  let err = "";
  child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolveExit) => {
    child.on("exit", (code, sig) => resolveExit({ code, signal: sig, err }));
    child.kill(signal);
  });
}

describe("p2psim run stopped by a signal", () => {
  for (const [phase, signal, code] of [["write", "SIGTERM", 143], ["swap", "SIGINT", 130]] as const) {
    it(`keeps the previous results and removes its temporaries when sent ${signal} during the ${phase}`, async () => {
      const dir = scratch();
      const out = join(dir, "res");
      expect(runCli(["run", DEFAULT, ...SMALL, "--out", out]).status).toBe(0);
      const before = tree(out);
      const child = await startPaused(["run", DEFAULT, ...SMALL, "--seed", "7", "--out", out], phase);
      const r = await killed(child, signal);
      expect(r.code).toBe(code);
      expect(r.err).toMatch(new RegExp(`interrupted \\(${signal}\\); temporaries removed, any previous results are unchanged`));
      expect(readdirSync(dir)).toEqual(["res"]);
      expect(tree(out)).toEqual(before);
    }, 60_000);
  }

  it("after SIGKILL during the swap, the next write puts the previous folder back before anything else", async () => {
    const dir = scratch();
    const out = join(dir, "res");
    expect(runCli(["run", DEFAULT, ...SMALL, "--out", out]).status).toBe(0);
    const before = tree(out);
    const child = await startPaused(["run", DEFAULT, ...SMALL, "--seed", "7", "--out", out], "swap");
    const r = await killed(child, "SIGKILL");
    expect(r.signal).toBe("SIGKILL");
    // Killed between the two renames: the name is absent and the old folder waits aside.
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).some((e) => e.startsWith(".res.old-"))).toBe(true);
    expect(cleanStaleTemporaries(out).length).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(["res"]);
    expect(tree(out)).toEqual(before);
  }, 60_000);

  it("stops at once with nothing on disk when interrupted while simulating", async () => {
    const dir = scratch();
    const child = spawn(process.execPath, [BIN, "run", DEFAULT, "--set", "workloads.0.size=8GiB", "--set", "compare=[p2p]", "--no-png", "--out", join(dir, "res")], { stdio: ["ignore", "pipe", "pipe"] });
    await new Promise((r) => setTimeout(r, 1500));
    const r = await killed(child, "SIGINT");
    expect(r.signal ?? r.code).not.toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);
});

describe("p2psim sweep stopped by a signal", () => {
  for (const [phase, signal] of [["write", "SIGTERM"], ["swap", "SIGINT"]] as const) {
    it(`keeps the previous sweep folder and leaves no temporaries when sent ${signal} during the ${phase}; a rerun gives the same sweep.csv`, async () => {
      const dir = scratch();
      const file = sweepFile(dir);
      const out = join(dir, "out");
      expect(runCli(["sweep", file, "--workers", "1", "--no-png", "--out", out]).status).toBe(0);
      const before = tree(out);
      expect([...before.keys()].some((k) => k.startsWith("points/00001/"))).toBe(true);
      const child = await startPaused(["sweep", file, "--workers", "1", "--no-png", "--seed", "3", "--out", out], phase);
      const r = await killed(child, signal);
      expect(r.code).toBe(signal === "SIGINT" ? 130 : 143);
      expect(readdirSync(dir).sort()).toEqual(["default.yaml", "out", "sw.yaml"]);
      expect(tree(out)).toEqual(before);
      expect(runCli(["sweep", file, "--workers", "1", "--no-png", "--out", out]).status).toBe(0);
      expect(readFileSync(join(out, "sweep.csv"), "utf8")).toBe(before.get("sweep.csv"));
    }, 90_000);
  }

  it("keeps the previous sweep folder and removes the points written so far when sent SIGTERM while points run", async () => {
    const dir = scratch();
    const file = sweepFile(dir);
    writeFileSync(file, readFileSync(file, "utf8").replace("[4, 8]", "[4, 8, 12, 16, 20, 24]"));
    const out = join(dir, "out");
    expect(runCli(["sweep", file, "--workers", "1", "--no-png", "--out", out]).status).toBe(0);
    const before = tree(out);
    const child = spawn(process.execPath, [BIN, "sweep", file, "--workers", "1", "--no-png", "--seed", "5", "--out", out], { stdio: ["ignore", "pipe", "pipe"] });
    // Wait until the first point's folder is written into the new sweep's temporary folder beside out.
    const building = () => readdirSync(dir).find((e) => e.startsWith(`.out.tmp-${child.pid}-`));
    const points = () => join(dir, building() ?? "none", "points");
    for (let i = 0; i < 600 && !(existsSync(points()) && readdirSync(points()).length > 0); i++) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(points()).length).toBeGreaterThan(0);
    const r = await killed(child, "SIGTERM");
    expect(r.code).toBe(143);
    expect(readdirSync(dir).sort()).toEqual(["default.yaml", "out", "sw.yaml"]);
    expect(tree(out)).toEqual(before);
  }, 90_000);

  it("after SIGKILL, the next sweep cleans the temporaries left and writes the same sweep.csv", async () => {
    const dir = scratch();
    const file = sweepFile(dir);
    const out = join(dir, "out");
    expect(runCli(["sweep", file, "--workers", "1", "--no-png", "--out", out]).status).toBe(0);
    const csv = readFileSync(join(out, "sweep.csv"), "utf8");
    // Another sweep (seed 3) over the finished one builds beside it, so the kill leaves temporaries there.
    const child = await startPaused(["sweep", file, "--workers", "1", "--no-png", "--seed", "3", "--out", out], "write");
    await killed(child, "SIGKILL");
    expect(readdirSync(dir).filter((e) => e.includes(".tmp")).length).toBeGreaterThan(0);
    expect(runCli(["sweep", file, "--workers", "1", "--no-png", "--out", out]).status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["default.yaml", "out", "sw.yaml"]);
    expect(readFileSync(join(out, "sweep.csv"), "utf8")).toBe(csv);
    expect(readdirSync(join(out, "points"))).toEqual(["00000", "00001"]);
  }, 90_000);

  it("refuses --out under /proc at once, exit 2, one line", () => {
    const dir = scratch();
    const r = runCli(["sweep", sweepFile(dir), "--workers", "1", "--out", "/proc/p2psim-x"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("p2psim sweep: --out /proc/p2psim-x: is under /proc, a kernel file system, not a place for results; choose a folder on a disk\n");
  });
});

describe("p2psim writing into a closed pipe", () => {
  it("stops quietly when the reader goes away (p2psim topo | head -1)", () => {
    const r = spawnSync("/bin/sh", ["-c", `"${process.execPath}" "${BIN}" topo "${DEFAULT}" | head -1; echo "status $?"`], { encoding: "utf8" });
    expect(r.stdout.split("\n")[0]).toMatch(/^default: /);
    expect(r.stderr).toBe("");
    const shell = spawnSync("/bin/bash", ["-c", `set -o pipefail; "${process.execPath}" "${BIN}" schema | head -c 10 >/dev/null; echo $?`], { encoding: "utf8" });
    expect(shell.stdout.trim()).toBe("0");
    expect(shell.stderr).toBe("");
  });

  it("says in one line, exit 2, when standard output cannot be written (a full disk, /dev/full)", () => {
    // Until December 2026 this was an uncaught ENOSPC with a stack trace.
    const full = openSync("/dev/full", "w");
    try {
      const r = spawnSync(process.execPath, [BIN, "topo", DEFAULT], { encoding: "utf8", stdio: ["ignore", full, "pipe"] });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("p2psim: cannot write standard output (ENOSPC)\n");
    } finally {
      closeSync(full);
    }
  });
});
