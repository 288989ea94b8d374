import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { double } from "../../src/sim/double.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Runs a script under `node --allow-natives-syntax` (V8's `%` functions), from the built dist/. */
const withNatives = (args: string[]) => spawnSync(process.execPath, ["--allow-natives-syntax", ...args], { cwd: ROOT, encoding: "utf8" });

describe("double", () => {
  it("gives back the number it was given, -0 and NaN included", () => {
    fc.assert(fc.property(fc.double(), (x) => Object.is(double(x), x)));
  });

  it("gives zero as a heap number, not a small integer, so a field it starts is a double field", () => {
    const module = join(ROOT, "dist/src/sim/double.js");
    const script = `import { double } from ${JSON.stringify(module)}; console.log(%IsSmi(double(0)), %IsSmi(double(-1)), %IsSmi(0));`;
    const out = withNatives(["--input-type=module", "-e", script]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout.trim()).toBe("false false true");
  });
});

describe("the model's objects", () => {
  // A field that starts as a small integer and later holds a double, or one that only some
  // objects of a class get, gives the class a second shape in V8 and throws away the code compiled
  // for the first in the middle of a cold run (docs/design.md, "Warm-up: fields that start as
  // small integers"). Each scenario's variants are run and every object they leave is compared.
  const scenarios = readdirSync(join(ROOT, "scenarios")).filter((f) => f.endsWith(".yaml"));

  it.each(scenarios)("keep one V8 shape per class through every variant of %s", (file) => {
    const out = withNatives([join(ROOT, "test/fixtures/v8/shapes.mjs"), join(ROOT, "scenarios", file)]);
    expect(out.status, out.stderr).toBe(0);
    const { classes, mixed } = JSON.parse(out.stdout) as { classes: number; mixed: string[] };
    expect(classes).toBeGreaterThan(25);
    expect(mixed).toEqual([]);
  }, 60_000);
});
