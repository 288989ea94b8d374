import { describe, expect, it } from "vitest";
import { formatTable } from "../../src/cli/format.js";

describe("terminal tables", () => {
  it("right-align numbers and left-align text under a rule as wide as each column", () => {
    expect(formatTable(["name", "GB/s"], [["a", "1.5"], ["long-name", "12.25"]])).toBe(["name       GB/s", "---------  -----", "a            1.5", "long-name  12.25"].join("\n"));
  });

  it("lay out 300 000 rows: a column's width is not found by spreading it into one call", () => {
    // Math.max(...column) threw "Maximum call stack size exceeded" at this size.
    const rows = Array.from({ length: 300_000 }, (_, i) => [`e${i}`, String(i)]);
    const lines = formatTable(["endpoint", "n"], rows).split("\n");
    expect(lines).toHaveLength(300_002);
    expect(lines[1]).toBe("--------  ------");
    expect(lines.at(-1)).toBe("e299999   299999");
  });
});
