import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openScenario, parseScenario, run } from "../../src/run/library.js";
import type { Summary } from "../../src/contract.js";
import { CASES, TOLERANCE, type CalibrationCase } from "./cases.js";

const summaries = new Map<string, Summary>();
function simulate(c: CalibrationCase): number {
  let summary = summaries.get(c.scenario);
  if (summary === undefined) {
    summary = run(openScenario(fileURLToPath(new URL(`./cases/${c.scenario}.yaml`, import.meta.url)))).summary;
    summaries.set(c.scenario, summary);
  }
  const flows = summary.variants[0]!.flows;
  return c.flows.reduce((sum, name) => {
    const flow = flows.find((f) => f.flow === name);
    if (flow === undefined || !flow.supported) throw new Error(`${c.scenario}: no supported flow ${name}`);
    return sum + flow.throughputGBps;
  }, 0);
}

const DOC = fileURLToPath(new URL("../../docs/design.md", import.meta.url));
const BEGIN = "<!-- calibration-table: written by `npm run calibration` -->";
const END = "<!-- /calibration-table -->";

function table(rows: Array<{ c: CalibrationCase; simulated: number }>): string {
  const lines = [
    "| measurement | published | measured GB/s | simulated GB/s | error | fitted or predicted | source |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(({ c, simulated }) => {
      const error = (simulated / c.measuredGBps - 1) * 100;
      return `| ${c.id} | ${c.published} | ${c.measuredGBps.toFixed(2)} | ${simulated.toFixed(2)} | ${error >= 0 ? "+" : ""}${error.toFixed(1)} % | ${c.fitted ? `fitted: ${c.fitted}` : "predicted"} | ${c.source} |`;
    }),
  ];
  return lines.join("\n");
}

describe("calibration against published measurements", () => {
  const rows: Array<{ c: CalibrationCase; simulated: number }> = [];

  it.each(CASES.map((c) => [c.id, c] as const))("simulates %s within ten percent of the published figure", (_, c) => {
    const simulated = simulate(c);
    rows.push({ c, simulated });
    expect(Math.abs(simulated / c.measuredGBps - 1), `${c.id}: simulated ${simulated.toFixed(3)} GB/s, measured ${c.measuredGBps.toFixed(3)} GB/s`).toBeLessThanOrEqual(TOLERANCE);
  });

  it("keeps more predictions than fitted figures, and names what each fitted figure set", () => {
    const fitted = CASES.filter((c) => c.fitted !== undefined);
    expect(CASES.length - fitted.length).toBeGreaterThan(2 * fitted.length);
    expect(new Set(fitted.map((c) => c.fitted)).size).toBe(fitted.length);
  });

  it("matches the calibration table in docs/design.md (npm run calibration rewrites it)", () => {
    expect(rows).toHaveLength(CASES.length);
    const text = readFileSync(DOC, "utf8");
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    expect(start, "docs/design.md has no calibration-table markers").toBeGreaterThanOrEqual(0);
    const fresh = `${BEGIN}\n${table(rows)}\n${END}`;
    if (process.env.P2PSIM_UPDATE_DOCS === "1") writeFileSync(DOC, text.slice(0, start) + fresh + text.slice(end + END.length));
    else expect(text.slice(start, end + END.length)).toBe(fresh);
  });
});

describe("what platforms refuse", () => {
  it("reports P2P reads between root ports of an Intel client CPU as unsupported, writes as carried", () => {
    const s = parseScenario(`
name: client
extends: platforms/intel-client.yaml
fabric:
  - { id: rp0, type: root-port, hostBridge: hb0 }
  - { id: gpu0, type: endpoint, kind: gpu, parent: rp0, link: gen4x16, bar: { size: 256MiB } }
  - { id: rp1, type: root-port, hostBridge: hb0 }
  - { id: nic0, type: endpoint, kind: nic, parent: rp1, link: gen4x8 }
workloads:
  - { name: gpu-to-nic, from: gpu0, to: nic0, size: 1MiB }
  - { name: nic-to-gpu, from: nic0, to: gpu0, size: 1MiB }
compare: ["p2p:gpu0"]
`);
    const [read, write] = run(s).summary.variants[0]!.flows;
    expect(read).toMatchObject({ supported: false, note: "host bridge hb0 does not forward peer-to-peer reads" });
    expect(write!.supported).toBe(true);
  });
});
