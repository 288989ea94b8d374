import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOutDir, writeError } from "../../src/cli/out-dir.js";
import { UsageError } from "../../src/messages.js";

const scratch = () => mkdtempSync(join(tmpdir(), "p2psim-out-"));
const errno = (code: string) => Object.assign(new Error(`${code}: injected`), { code });

describe("--out checked before anything is simulated", () => {
  it("refuses kernel file systems", () => {
    expect(() => checkOutDir("/proc/x")).toThrow("--out /proc/x: is under /proc, a kernel file system, not a place for results; choose a folder on a disk");
    expect(() => checkOutDir("/sys/kernel/x")).toThrow(/is under \/sys/);
    expect(() => checkOutDir("/dev/shm/../null/x")).toThrow(/is under \/dev/);
  });

  it("refuses a file where a folder must be (ENOTDIR) and names that are too long (ENAMETOOLONG)", () => {
    const dir = scratch();
    writeFileSync(join(dir, "f"), "");
    expect(() => checkOutDir(join(dir, "f", "out"))).toThrow(`'${join(dir, "f")}' is a file, not a folder (ENOTDIR)`);
    expect(() => checkOutDir(join(dir, "f"))).toThrow(/is a file, not a folder/);
    expect(() => checkOutDir(join(dir, "x".repeat(256)))).toThrow(/ENAMETOOLONG/);
  });

  it("accepts a path whose folders do not exist yet, and creates nothing", () => {
    const dir = scratch();
    checkOutDir(join(dir, "a", "b", "c"));
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, "a"))).toBe(false);
  });

  it("turns a disk error while writing into one line that says what it means", () => {
    for (const [code, meaning] of [["ENOSPC", "the disk is full"], ["EPERM", "the operation is not permitted"], ["EACCES", "permission denied"], ["EROFS", "the file system is read-only"], ["ENOTDIR", "a part of the path is a file"]] as const) {
      const error = writeError(errno(code), "/x/out");
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toBe(`--out /x/out: cannot write there (${code}): ${meaning}${code === "ENOTDIR" ? ", not a folder" : ""}; nothing was written, any previous results are unchanged`);
    }
    expect((writeError(errno("ENAMETOOLONG"), "/x") as Error).message).toMatch(/ENAMETOOLONG/);
    const bug = new TypeError("a bug");
    expect(writeError(bug, "/x")).toBe(bug);
  });
});

describe("--out never replaces a folder p2psim did not write", () => {
  it("refuses a folder holding anything else, names what it holds, and leaves it as it was", () => {
    const dir = scratch();
    writeFileSync(join(dir, "notes.txt"), "mine");
    writeFileSync(join(dir, "summary.json"), "{}");
    expect(() => checkOutDir(dir)).toThrow(`--out ${dir}: holds an entry p2psim did not write ('notes.txt'); results replace the whole folder, so choose a new or empty folder, or one that holds only earlier results`);
    for (const name of ["a", "b", "c", "d"]) writeFileSync(join(dir, name), "");
    expect(() => checkOutDir(dir)).toThrow(/holds 5 entries p2psim did not write \('a', 'b', 'c', \.\.\.\)/);
    expect(readdirSync(dir).sort()).toEqual(["a", "b", "c", "d", "notes.txt", "summary.json"]);
  });

  it("refuses the current folder, a folder holding it, and an empty path", () => {
    const dir = scratch();
    mkdirSync(join(dir, "inner"));
    const cwd = process.cwd();
    try {
      process.chdir(join(dir, "inner"));
      expect(() => checkOutDir(".")).toThrow("--out .: is the current folder or holds it; results replace the whole folder, so choose a folder of their own (say results/NAME)");
      expect(() => checkOutDir("..")).toThrow(/is the current folder or holds it/);
      expect(() => checkOutDir("")).toThrow("--out: give a folder (it was empty)");
      checkOutDir("results/x"); // a folder of its own below the current one
    } finally {
      process.chdir(cwd);
    }
  });

  it("accepts an empty folder, and one holding only a run's or a sweep's results", () => {
    const empty = scratch();
    checkOutDir(empty);
    const run = scratch();
    for (const file of ["summary.json", "flows.csv", "report.html"]) writeFileSync(join(run, file), "");
    mkdirSync(join(run, "charts"));
    checkOutDir(run);
    const sweep = scratch();
    for (const folder of ["points", "shards", "slurm"]) mkdirSync(join(sweep, folder)); // slurm/: the Slurm launcher's task logs
    writeFileSync(join(sweep, ".sweep.csv.tmp-123"), "");
    checkOutDir(sweep);
  });
});
