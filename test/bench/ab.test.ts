import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const AB = fileURLToPath(new URL("../../dist/bench/ab.js", import.meta.url));
const DIST = fileURLToPath(new URL("../../dist", import.meta.url));

describe("bench/ab", () => {
  it("times two builds in both orders and reports the same events for both and one ratio with the order bias cancelled", () => {
    const run = spawnSync(process.execPath, [AB, DIST, DIST, "same-switch-p2p", "1", "1"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^same-switch-p2p, 1 MiB, 1 rounds per order; events A (\d+), B \1$/);
    expect(lines[1]).toMatch(/^A first: A \d+ ms, B \d+ ms \(medians\), A\/B \d+\.\d{3}$/);
    expect(lines[2]).toMatch(/^B first: A \d+ ms, B \d+ ms \(medians\), A\/B \d+\.\d{3}$/);
    const ratio = Number(/cancelled: (\d+\.\d{3})/.exec(lines[3]!)?.[1]);
    expect(ratio).toBeGreaterThan(0);
  });

  it("says how to call it when a case is unknown", () => {
    const run = spawnSync(process.execPath, [AB, DIST, DIST, "no-such-case"], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^usage: node dist\/bench\/ab\.js <buildA> <buildB>/);
  });
});
