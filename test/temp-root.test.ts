import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { TEMP_ROOT_PREFIX } from "./temp-root.js";

describe("the test run's temporary root", () => {
  it("holds the scratch folders tests make, so the run removes them all when it ends", () => {
    const scratch = mkdtempSync(join(tmpdir(), "p2psim-root-check-"));
    expect(basename(dirname(scratch))).toMatch(new RegExp(`^${TEMP_ROOT_PREFIX}`));
  });

  it("is the temporary folder of the processes tests start too", () => {
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(require('node:os').tmpdir())"], { encoding: "utf8" });
    expect(basename(child.stdout)).toMatch(new RegExp(`^${TEMP_ROOT_PREFIX}`));
  });
});
