import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { openScenario, run } from "../../src/run/library.js";
import { fitTable, textReport, wrap, TEXT_COLUMNS } from "../../src/report/text-report.js";
import type { Summary } from "../../src/contract.js";

/** The default scenario made small: a run of each variant takes well under a second. */
const small = () => run(openScenario(undefined, { settings: ["workloads.0.size=4MiB", "workloads.1.size=1MiB"] })).summary;

describe("the text report", () => {
  const summary = small();
  const text = textReport(summary, "text");
  const lines = text.trimEnd().split("\n");

  it("keeps every line of the default scenario's report within 72 columns", () => {
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(TEXT_COLUMNS);
  });

  it("opens with the version, the scenario digest and the word simulated", () => {
    expect(lines[0]).toMatch(/^p2psim \d+\.\d+\.\d+ \| default \| digest [0-9a-f]{12} \| simulated/);
    expect(lines[0]).toContain(summary.provenance!.digest.slice(0, 12));
  });

  it("names every flow's bottleneck in the table and says why below it", () => {
    for (const v of summary.variants) {
      for (const f of v.flows) {
        expect(f.bottleneck, `${v.path} ${f.flow}`).toBeDefined();
        expect(text).toContain(f.bottleneck!.resource.slice(0, 10));
      }
    }
    expect(text).toContain("Why:");
    expect(text.replace(/\n\s*/g, " ")).toContain(summary.variants[0]!.flows[0]!.bottleneck!.reason);
  });

  it("shows Linux's map type only on P2P rows, never on a bounce row", () => {
    const bounce = lines.slice(lines.indexOf("[bounce]") + 1, lines.indexOf("[auto]"));
    expect(bounce.length).toBe(2);
    for (const row of bounce) expect(row).not.toMatch(/BUS_ADDR|THRU_HOST_BRIDGE|NOT_SUPPORTED/);
    const p2p = lines.slice(lines.indexOf("[p2p]") + 1, lines.indexOf("[bounce]"));
    expect(p2p.find((r) => r.startsWith("nic-to-ssd"))).toContain("THRU_HOST_BRIDGE");
  });

  it("ends with the command that reproduces the run, edits included", () => {
    expect(text).toContain("Reproduce:");
    const command = text.slice(text.indexOf("Reproduce:")).split("\n").slice(1).join(" ").replace(/\\ +/g, "").trim();
    expect(command).toBe("p2psim run scenarios/default.yaml --set workloads.0.size=4MiB --set workloads.1.size=1MiB");
  });

  it("draws the topology from the resolved scenario", () => {
    expect(text).toContain("hb0: rp0 > sw0 gen4x16 > (nic0 gen4x16, nvme0 gen4x4)");
  });

  it("prints the same content as a Markdown table for issue trackers", () => {
    const md = textReport(summary, "markdown");
    expect(md).toMatch(/^\*\*p2psim .* simulated/);
    expect(md).toContain("| variant | flow | GB/s | p99 us | kernel | bottleneck |");
    expect(md.split("\n").filter((l) => l.startsWith("| bounce |")).every((l) => !/THRU_HOST_BRIDGE|BUS_ADDR/.test(l))).toBe(true);
  });

  it("keeps within 72 columns whatever the flow names and numbers", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 90 }).filter((s) => !/\s/.test(s)), { minLength: 1, maxLength: 4 }), fc.double({ min: 0, max: 1e4, noNaN: true }), (names, gbps) => {
        const copy = structuredClone(summary) as Summary;
        copy.variants[0]!.flows = names.map((flow) => ({ ...summary.variants[0]!.flows[0]!, flow, throughputGBps: gbps, bottleneck: { ...summary.variants[0]!.flows[0]!.bottleneck!, resource: `${flow} bar`, reason: `${flow} is bound by ${flow}` } }));
        for (const line of textReport(copy, "text").trimEnd().split("\n")) expect(line.length).toBeLessThanOrEqual(TEXT_COLUMNS);
      }),
      { numRuns: 50 },
    );
  });
});

describe("text layout helpers", () => {
  it("wraps words at the width and indents what follows", () => {
    expect(wrap("aaa bbb ccc ddd", 7, "  ")).toEqual(["aaa bbb", "  ccc", "  ddd"]);
  });

  it("cuts a table's widest text column with a tilde until it fits", () => {
    const lines = fitTable(["a", "b"], [["xxxxxxxxxx", "yyyyyyyyyyyyyyyyyyyy"]], 20);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(20);
    expect(lines[2]).toContain("~");
  });

  it("fits 300 000 rows: a column's width is not found by spreading it into one call", () => {
    // Math.max(...column) threw "Maximum call stack size exceeded" at this size.
    const rows = Array.from({ length: 300_000 }, (_, i) => [`flow-${i}`, String(i)]);
    const lines = fitTable(["flow", "n"], rows, TEXT_COLUMNS);
    expect(lines).toHaveLength(300_002);
    expect(lines.at(-1)).toBe("flow-299999  299999");
  });
});

