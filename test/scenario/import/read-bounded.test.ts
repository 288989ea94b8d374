import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBounded } from "../../../src/scenario/import/read-bounded.js";
import { UsageError } from "../../../src/messages.js";

describe("reading a capture", () => {
  it("stops at the limit on an endless device and says so in one line, instead of hanging or aborting", () => {
    // Until December 2026 `p2psim import lspci /dev/zero` hung and `import nccl-topo /dev/zero` aborted out of memory.
    expect(() => readBounded("/dev/zero", 4 * 2 ** 20)).toThrow(new UsageError("/dev/zero: more than 4 MiB, too large for a capture of a machine (a device such as /dev/zero?); give the capture file"));
  });

  it("reads a file whole up to the limit, and refuses a folder and a missing file by name", () => {
    const dir = mkdtempSync(join(tmpdir(), "p2psim-capture-"));
    const file = join(dir, "box.txt");
    writeFileSync(file, "x".repeat(3 * 2 ** 20 + 7));
    expect(readBounded(file, 4 * 2 ** 20).length).toBe(3 * 2 ** 20 + 7);
    expect(() => readBounded(file, 2 ** 20)).toThrow(/more than 1 MiB/);
    expect(() => readBounded(dir)).toThrow(`${dir}: cannot read it (EISDIR)`);
    expect(() => readBounded(join(dir, "none"))).toThrow(`${join(dir, "none")}: cannot read it (ENOENT)`);
  });
});
