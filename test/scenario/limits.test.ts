import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadScenario, parseScenarioText, scenarioFromData } from "../../src/scenario/load.js";
import { ScenarioError } from "../../src/scenario/problems.js";
import { nearest, editDistance } from "../../src/scenario/did-you-mean.js";

const dir = mkdtempSync(join(tmpdir(), "p2psim-limits-"));
const small = (nodes: number) => ({
  name: "t",
  fabric: [
    { id: "rp0", type: "root-port", hostBridge: "hb0" },
    { id: "sw0", type: "switch", parent: "rp0", link: "gen4x16" },
    ...Array.from({ length: nodes - 2 }, (_, i) => ({ id: `e${i}`, type: "endpoint", parent: "sw0", link: "gen4x4" })),
  ],
  workloads: [{ name: "w", from: "e0", to: "s0", size: "1MiB" }],
});

afterEach(() => vi.unstubAllEnvs());

describe("named limits", () => {
  it("refuses a file over the size limit without reading it whole, naming the limit and how to raise it", () => {
    const file = join(dir, "big.yaml");
    writeFileSync(file, `name: big\ndescription: "${"x".repeat(5 * 1024 * 1024)}"\n`);
    expect(() => loadScenario(file)).toThrow(`${file}: 5242906 bytes is over the file size limit of 4194304 bytes (raise it with P2PSIM_MAX_FILE_BYTES=N)`);
    vi.stubEnv("P2PSIM_MAX_FILE_BYTES", String(8 * 1024 * 1024));
    expect(() => loadScenario(file)).toThrow(/fabric: required/);
  });

  it("refuses more fabric nodes than the limit before the schema looks at them", () => {
    vi.stubEnv("P2PSIM_MAX_FABRIC_NODES", "10");
    expect(() => scenarioFromData(small(12), "t.yaml")).toThrow("t.yaml: fabric: 12 nodes is over the fabric node limit of 10 nodes (raise it with P2PSIM_MAX_FABRIC_NODES=N)");
    expect(scenarioFromData(small(10), "t.yaml").topology.nodes).toHaveLength(10);
  });

  it("refuses deeper nesting than the limit in library objects too", () => {
    let deep: Record<string, unknown> = {};
    const data = { ...small(3), description: deep };
    for (let i = 0; i < 40; i++) deep = deep.x = {};
    expect(() => scenarioFromData(data, "t.yaml")).toThrow(/nested deeper than the nesting depth limit of 32 levels/);
  });

  it("carries every problem of a file in one ScenarioError, in line order", () => {
    const text = "name: t\nfabric:\n  - { id: rp0, type: root-port, hostBridge: hb9 }\n  - { id: e0, type: endpoint, parent: rp0, link: gen4x4, kind: nicc }\nworkloads:\n  - { name: w, from: e0, to: s9, size: 1MiB }\n";
    try {
      scenarioFromData(parseScenarioText(text, "t.yaml", dir), "t.yaml");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as ScenarioError).problems.map((p) => `${p.line}: ${p.path}`)).toEqual(["3: fabric.0.hostBridge", "4: fabric.1.kind", "6: workloads.0.to"]);
    }
  });
});

describe("did you mean", () => {
  it("counts a swap of neighbours as one edit and suggests only near names", () => {
    expect(editDistance("queueDeph", "queueDepth")).toBe(1);
    expect(editDistance("mrss", "mrrs")).toBe(1);
    expect(nearest("mrss", ["mps", "mrrs", "tags"])).toBe("mrrs");
    expect(nearest("bandwidth", ["mps", "mrrs", "tags"])).toBeUndefined();
  });
});

describe("keys that would reach Object.prototype", () => {
  it("are refused in library objects (JSON.parse makes __proto__ an own key), and nothing is polluted", async () => {
    const { scenarioFromObject } = await import("../../src/run/library.js");
    const data = JSON.parse(`{"name":"t","__proto__":{"polluted":1},"fabric":[],"workloads":[]}`) as Record<string, unknown>;
    expect(() => scenarioFromObject(data)).toThrow("(scenario object): __proto__: '__proto__' is not allowed as a key (it would change how every object behaves); rename it");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
