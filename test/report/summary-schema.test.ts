import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { summaryProblem } from "../../src/report/summary-schema.js";
import { textReport } from "../../src/report/text-report.js";
import type { Summary } from "../../src/contract.js";

const GOLDEN = fileURLToPath(new URL("../golden/", import.meta.url));
const golden = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(GOLDEN, name), "utf8"));

/** `data` with the value at `path` replaced, or removed when `value` is `REMOVE`; what lies off the path is shared. */
const REMOVE = Symbol("remove");
function edited(data: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(data) ? [...data] : { ...(data as object) }) as Record<string | number, unknown>;
  const [key, ...rest] = path;
  if (rest.length > 0) copy[key!] = edited(copy[key!], rest, value);
  else if (value !== REMOVE) copy[key!] = value;
  else if (Array.isArray(copy)) copy.splice(Number(key), 1);
  else delete copy[key!];
  return copy;
}

/** Every path in `data` to a value, objects and arrays included. */
function paths(data: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof data !== "object" || data === null) return [];
  const keys: (string | number)[] = Array.isArray(data) ? data.map((_, i) => i) : Object.keys(data);
  return keys.flatMap((key) => [[...prefix, key], ...paths((data as Record<string | number, unknown>)[key], [...prefix, key])]);
}

/** Fields the text report reads: everything but the measurements it leaves to the CSVs and the scenario past its fabric. */
const read = (path: readonly (string | number)[]): boolean =>
  !["links", "dram", "interconnect", "iommu", "resources", "overrides", "assumptions"].some((key) => path.includes(key)) &&
  !(path[0] === "provenance" && path[1] === "scenario" && path.length > 2 && path[2] !== "fabric");

describe("summaryProblem", () => {
  it("finds nothing wrong with any golden summary, and the report prints each", () => {
    const files = readdirSync(GOLDEN).filter((f) => f.endsWith(".summary.json"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(summaryProblem(golden(file)), file).toBeUndefined();
      expect(textReport(golden(file) as unknown as Summary)).toMatch(/^p2psim /);
    }
  });

  it("names the field path, what it found and what is expected", () => {
    const summary = golden("default.summary.json");
    expect(summaryProblem(edited(summary, ["provenance", "digest"], 5))).toBe("provenance.digest: 5 is a number; expected text");
    expect(summaryProblem(edited(summary, ["variants", 0], null))).toBe("variants.0: null; expected an object");
    expect(summaryProblem(edited(summary, ["variants", 1, "flows", 0, "kernel"], REMOVE))).toBe("variants.1.flows.0.kernel: missing; expected an object");
    expect(summaryProblem(edited(summary, ["variants", 0, "flows", 0, "supported"], "yes"))).toBe("variants.0.flows.0.supported: 'yes' is text; expected true or false");
    expect(summaryProblem(edited(summary, ["variants", 0, "flows", 0, "throughputGBps"], Infinity))).toBe("variants.0.flows.0.throughputGBps: Infinity is not a finite number");
    expect(summaryProblem(edited(summary, ["scenario"], { toString: 5 }))).toBe(`scenario: {"toString":5} is an object; expected text`);
  });

  it("refuses a fabric whose parents go round in a cycle, or an id used twice", () => {
    const summary = golden("default.summary.json");
    expect(summaryProblem(edited(summary, ["provenance", "scenario", "fabric", 0, "parent"], "sw0"))).toBe(
      "provenance.scenario.fabric.0.parent: node 'rp0': its parents form a cycle or go more than 128 levels up; a fabric is a tree",
    );
    expect(summaryProblem(edited(summary, ["provenance", "scenario", "fabric", 2, "id"], "sw0"))).toBe(
      "provenance.scenario.fabric.2.id: 'sw0' is the id of an earlier node too; ids are distinct",
    );
  });

  it("for every field the report reads, wrong or removed, either names the field or the report prints", () => {
    const summary = golden("default.summary.json");
    const wrong: unknown[] = [REMOVE, null, -1, "", true, {}, [null], { toString: 5 }];
    let named = 0;
    for (const path of paths(summary).filter(read)) {
      for (const value of wrong) {
        const data = edited(summary, path, value);
        const problem = summaryProblem(data);
        if (problem === undefined) {
          for (const format of ["text", "markdown"] as const) expect(() => textReport(data as Summary, format), path.join(".")).not.toThrow();
        } else {
          expect(problem).toMatch(/^[\w.]+: [^\n]+$/);
          named++;
        }
      }
    }
    expect(named).toBeGreaterThan(100);
  });
});
