import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/messages.js";
import { importCapture, type ImportFormat } from "../../../src/scenario/import/import-capture.js";
import { fixture } from "./helpers.js";

const scratch = mkdtempSync(join(tmpdir(), "p2psim-import-prop-"));

/** Imports `text` as `format` from a scratch file: it either succeeds or says why as a UsageError. */
function succeedsOrSaysWhy(format: ImportFormat, text: string, name: string): void {
  const file = join(scratch, name);
  writeFileSync(file, text);
  try {
    importCapture(format, file);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message).not.toMatch(/\n\s+at /); // no stack trace
    expect(error.message).not.toMatch(/\(imported\)/); // an import that does not validate is our bug, not bad input
  }
}

/** Mutations of a capture: lines dropped, the text cut short, characters replaced or inserted. */
function mutations(text: string) {
  const lines = text.split("\n");
  return fc.oneof(
    fc.integer({ min: 0, max: text.length }).map((cut) => text.slice(0, cut)),
    fc.uniqueArray(fc.integer({ min: 0, max: lines.length - 1 }), { minLength: 1, maxLength: 40 }).map((drop) => lines.filter((_, i) => !drop.includes(i)).join("\n")),
    fc.array(fc.tuple(fc.integer({ min: 0, max: text.length - 1 }), fc.constantFrom("x", "-", ":", "[", "]", "\t", "\n", "9", " ", "+", "<", ">", '"', "/")), { minLength: 1, maxLength: 20 }).map((edits) => {
      const chars = [...text];
      for (const [at, ch] of edits) chars[at] = ch;
      return chars.join("");
    }),
  );
}

const CAPTURES: ReadonlyArray<[ImportFormat, string]> = [
  ["lspci", fixture("pcie-bench", "dell-t630.lspci-vvv.txt")],
  ["lspci", fixture("gpu-box.lspci-vvv.txt")],
  ["lspci", fixture("single-socket-noroot.lspci-vvv.txt")],
  ["nccl-topo", fixture("gpu-box.nccl-topo.xml")],
];

describe("importing damaged captures", () => {
  it.each(CAPTURES.map(([format, file]) => [format, basename(file), file] as const))("either imports a mutated or truncated %s capture (%s) or throws a UsageError, never anything else", (format, _, file) => {
    const text = readFileSync(file, "utf8");
    fc.assert(fc.property(mutations(text), (mutated) => succeedsOrSaysWhy(format, mutated, `mutated-${format}.txt`)), { numRuns: Number(process.env.P2PSIM_PROP_RUNS ?? 60), seed: Number(process.env.P2PSIM_PROP_SEED ?? 13) });
  });

  it("either imports a cut or damaged sysfs tar file or throws a UsageError, never anything else", () => {
    const tar = readFileSync(fixture("dual-socket.sysfs.tar"));
    const damaged = fc.oneof(
      fc.integer({ min: 0, max: tar.length }).map((cut) => tar.subarray(0, cut)),
      fc.array(fc.tuple(fc.integer({ min: 0, max: tar.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }).map((edits) => {
        const copy = Buffer.from(tar);
        for (const [at, byte] of edits) copy[at] = byte;
        return copy;
      }),
    );
    const file = join(scratch, "damaged.tar");
    fc.assert(
      fc.property(damaged, (bytes) => {
        writeFileSync(file, bytes);
        try {
          importCapture("sysfs", file);
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
          expect(error.message).not.toMatch(/\(imported\)/);
        }
      }),
      { numRuns: Number(process.env.P2PSIM_PROP_RUNS ?? 40), seed: 13 },
    );
  });

  it("says which line of garbage it could not read", () => {
    const file = join(scratch, "garbage.txt");
    writeFileSync(file, "\u0000\u0001binary\u00ff\nmore\n");
    expect(() => importCapture("lspci", file)).toThrow(/garbage\.txt:1: expected a device record/);
  });
});
