/**
 * Vitest's global setup: every test run gets one temporary root, `p2psim-tests-*` in the system's
 * temporary folder, made the temporary folder of the test processes and of every CLI they start
 * (TMPDIR), and removed with all it holds when the run ends. Tests make their scratch folders with
 * `mkdtempSync(join(tmpdir(), ...))` as anywhere else and leave nothing behind (a run cut short
 * leaves the one root).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Prefix of the run's temporary root (test/temp-root.test.ts checks that tests write under it). */
export const TEMP_ROOT_PREFIX = "p2psim-tests-";

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), TEMP_ROOT_PREFIX));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
