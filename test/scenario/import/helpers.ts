/** Shared by the import tests: fixture paths, importing a capture, the tree and decisions of the result. */
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { importCapture, type ImportFormat, type ImportOptions } from "../../../src/scenario/import/import-capture.js";
import { ancestors, p2pDecision, topologyTree } from "../../../src/kernel/index.js";
import { treeLines } from "../../../src/cli/topo.js";
import { runScenario } from "../../../src/run/scenario.js";
import type { LoadedScenario } from "../../../src/scenario/load.js";

/** The committed captures: the real pcie-bench one and the small text captures people read. */
export const FIXTURES = fileURLToPath(new URL("../../fixtures/import/", import.meta.url));
const GENERATOR = join(FIXTURES, "make-machines.mjs");

let generatedDir: string | undefined;

/**
 * The synthetic machines in every format, sysfs copies included, written by make-machines.mjs into
 * a temporary folder once per generator version (workers that race rename into place; the loser
 * drops its copy).
 */
export function generatedFixtures(): string {
  if (generatedDir !== undefined) return generatedDir;
  const version = createHash("sha256").update(readFileSync(GENERATOR)).digest("hex").slice(0, 12);
  const dir = join(tmpdir(), `p2psim-import-fixtures-${version}`);
  if (!existsSync(join(dir, ".complete"))) {
    const scratch = mkdtempSync(join(tmpdir(), "p2psim-import-fixtures-"));
    const made = spawnSync(process.execPath, [GENERATOR, scratch], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`make-machines.mjs failed: ${made.stderr}`);
    writeFileSync(join(scratch, ".complete"), "");
    try {
      renameSync(scratch, dir);
    } catch {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return (generatedDir = dir);
}

/** A capture: pcie-bench's from git, a synthetic machine's from the generated folder. */
export const fixture = (...parts: string[]) => (parts[0] === "pcie-bench" ? join(FIXTURES, ...parts) : join(generatedFixtures(), ...parts));

/** Imports a fixture; the result has validated against the schema. */
export function importFixture(format: ImportFormat, source: string | undefined, options: ImportOptions = {}) {
  return importCapture(format, source, options);
}

/** The tree `p2psim topo` prints. */
export function topoTree(loaded: LoadedScenario): string[] {
  return treeLines(topologyTree(loaded.topology));
}

/** Linux's map type for `client` doing DMA to `provider`'s BAR. */
export function mapType(loaded: LoadedScenario, provider: string, client: string): string {
  return p2pDecision(topologyTree(loaded.topology), provider, client).mapType;
}

/** Runs every variant and checks each supported flow moved its bytes. */
export function runsEveryFlow(loaded: LoadedScenario): void {
  const { summary } = runScenario(loaded);
  for (const variant of summary.variants) {
    for (const flow of variant.flows) if (flow.supported) expect(flow.throughputGBps).toBeGreaterThan(0);
  }
}

/**
 * The tree check: for every endpoint the import made, the root port and switches above it in the
 * scenario are, in order, the bridges above it in the capture's own tree (`parents`), leaving out
 * switch downstream ports (which the scenario folds into their switch) and root ports the capture does not
 * have.
 */
export function expectSameTree(loaded: LoadedScenario, idOf: ReadonlyMap<string, string>, parents: ReadonlyMap<string, string | undefined>): void {
  const bdfOf = new Map([...idOf].map(([bdf, id]) => [id, bdf]));
  const tree = topologyTree(loaded.topology);
  let checked = 0;
  for (const node of loaded.topology.nodes) {
    if (node.type !== "endpoint" || node.functionOf !== undefined) continue;
    const captured: string[] = [];
    for (let up = parents.get(bdfOf.get(node.id)!); up !== undefined; up = parents.get(up)) {
      const id = idOf.get(up);
      if (id !== undefined) captured.push(id);
    }
    // Root ports a capture leaves out (NCCL's format) have no address to compare.
    expect(ancestors(tree, node.id).flatMap((n) => (bdfOf.has(n.id) ? [n.id] : [])), node.id).toEqual(captured);
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
}
