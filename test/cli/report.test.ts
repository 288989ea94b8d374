import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/app.js";

const SUMMARY = JSON.parse(readFileSync(fileURLToPath(new URL("../golden/default.summary.json", import.meta.url)), "utf8")) as Record<string, unknown>;

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** A results folder holding `summary` as its summary.json. */
function folder(summary: unknown): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "p2psim-report-"));
  const file = join(dir, "summary.json");
  writeFileSync(file, JSON.stringify(summary));
  return { dir, file };
}

/** Every path in `data` to a value, objects and arrays included. */
function paths(data: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof data !== "object" || data === null) return [];
  const keys: (string | number)[] = Array.isArray(data) ? data.map((_, i) => i) : Object.keys(data);
  return keys.flatMap((key) => [[...prefix, key], ...paths((data as Record<string | number, unknown>)[key], [...prefix, key])]);
}

describe("p2psim report", () => {
  it("refuses an edited summary.json in one line naming the file, the field path and what was expected", async () => {
    const digest = folder({ ...SUMMARY, provenance: { ...(SUMMARY.provenance as object), digest: 5 } });
    const r = await cli("report", digest.dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`p2psim report: ${digest.file}: provenance.digest: 5 is a number; expected text\n`);
    const variants = folder({ ...SUMMARY, variants: [null] });
    const v = await cli("report", variants.dir);
    expect(v.code).toBe(2);
    expect(v.err).toBe(`p2psim report: ${variants.file}: variants.0: null; expected an object\n`);
  });

  it("prints the report or one line naming the file, whatever one field of the summary is changed to or whether it is removed", async () => {
    const all = paths(SUMMARY);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...all), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }), async (path, value) => {
        const data = structuredClone(SUMMARY) as Record<string | number, unknown>;
        let at = data;
        for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
        if (value === undefined) delete at[path.at(-1)!];
        else at[path.at(-1)!] = value;
        const { dir, file } = folder(data);
        const r = await cli("report", dir);
        if (r.code === 0) expect(r.out).toMatch(/^p2psim /);
        else {
          expect(r.code).toBe(2);
          expect(r.err.startsWith(`p2psim report: ${file}: `)).toBe(true);
          expect(r.err.trimEnd()).not.toMatch(/\n/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a summary.json that never ends (a link to /dev/zero) in one line, after a bounded read", () => {
    // Read whole, it never ended: the process grew until V8 gave up. In a child, so a hang fails the test.
    const dir = mkdtempSync(join(tmpdir(), "p2psim-report-"));
    symlinkSync("/dev/zero", join(dir, "summary.json"));
    const bin = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));
    const r = spawnSync(process.execPath, ["--max-old-space-size=1024", bin, "report", dir], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`p2psim report: ${join(dir, "summary.json")}: more than 256 MiB, too large for a run's summary (a device such as /dev/zero?); give a results folder of p2psim run\n`);
  });
});
