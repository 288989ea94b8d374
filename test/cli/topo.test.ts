import { afterEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/app.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "dist/src/cli/main.js");

/** A scenario with `count` endpoints under one switch and a workload from the first to the last. */
function manyEndpoints(count: number): string {
  const endpoints = Array.from({ length: count }, (_, i) => `  - { id: ep${i}, type: endpoint, kind: nic, parent: sw0, link: gen4x4 }`);
  const file = join(mkdtempSync(join(tmpdir(), "p2psim-topo-")), `many${count}.yaml`);
  writeFileSync(
    file,
    [
      "name: many",
      "description: endpoints under one switch",
      "extends: platforms/intel-icx.yaml", // a built-in preset
      "fabric:",
      "  - { id: rp0, type: root-port, hostBridge: hb0 }",
      "  - { id: sw0, type: switch, parent: rp0, link: gen4x16 }",
      ...endpoints,
      "workloads:",
      `  - { name: w, from: ep0, to: ep${count - 1}, size: 1MiB }`,
      "",
    ].join("\n"),
  );
  return file;
}

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe("p2psim topo", () => {
  const previous = process.env.P2PSIM_MAX_TOPO_MATRIX;
  afterEach(() => {
    if (previous === undefined) delete process.env.P2PSIM_MAX_TOPO_MATRIX;
    else process.env.P2PSIM_MAX_TOPO_MATRIX = previous;
  });

  it("shows every endpoint in the matrix up to the topo matrix limit", async () => {
    process.env.P2PSIM_MAX_TOPO_MATRIX = "6";
    const r = await cli("topo", manyEndpoints(6));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^provider \\ client {2}ep0 +ep1 +ep2 +ep3 +ep4 +ep5$/m);
    expect(r.out).not.toMatch(/topo matrix limit/);
  });

  it("past the limit shows only the workloads' endpoints, and says so in one line", async () => {
    process.env.P2PSIM_MAX_TOPO_MATRIX = "6";
    const r = await cli("topo", manyEndpoints(7));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/└─ ep6 gen4x4/);
    expect(r.out).toMatch(
      /^7 endpoints, more than the topo matrix limit of 6 \(raise it with P2PSIM_MAX_TOPO_MATRIX=N\): the matrix shows only the 2 the workloads move data between$/m,
    );
    expect(r.out).toMatch(/^provider \\ client {2}ep0 +ep6$/m);
    expect(r.out).toMatch(/^ep6 +HB 4 PIX {2}X$/m);
    expect(r.out).toMatch(/first refused or redirected pair \(ep6 -> ep0\)/);
  });

  it("prints 2000 endpoints under one switch within 256 MB of heap", () => {
    const r = spawnSync(process.execPath, ["--max-old-space-size=256", BIN, "topo", manyEndpoints(2000)], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/└─ ep1999 gen4x4/);
    expect(r.stdout).toMatch(/the matrix shows only the 2 the workloads move data between/);
  });
});
