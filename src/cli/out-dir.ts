/**
 * Where `run` and `sweep` write, checked before anything is simulated: not under /proc, /sys or
 * /dev, no file where a folder must be, names the file system accepts, and a folder this user can
 * create entries in (tried for real: a probe folder is made and removed in the nearest existing
 * folder, so a read-only or full file system shows now, not after an hour of simulation). A run
 * replaces its folder whole and a sweep writes into it, so a folder already there must be empty or
 * hold only what p2psim writes there, and must not hold the current folder: `--out .` or `--out ""`
 * in a folder of one's own would otherwise lose it. Errors while writing later are turned into the
 * same one-line messages.
 */
import { mkdtempSync, readdirSync, realpathSync, rmdirSync, statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { UsageError, outputMessage } from "../messages.js";
import { cleanStaleTemporaries } from "../report/atomic-dir.js";
import { cleanUpOnSignals } from "./signals.js";

/** File systems that are not for results: writing there changes the kernel or fails oddly. */
const KERNEL_FS = ["/proc", "/sys", "/dev"];

const under = (path: string, root: string) => path === root || path.startsWith(root + sep);

/**
 * What p2psim writes into a results folder (docs/output.md): a run's files, then a sweep's, and the
 * task logs its Slurm launcher keeps there (`slurm/`, made before the shards run).
 */
const RESULT_ENTRIES = new Set([
  "summary.json", "flows.csv", "links.csv", "host.csv", "latency.csv", "resources.csv", "devices.csv", "timeseries.csv",
  "report.txt", "report.md", "report.html", "charts",
  "sweep.csv", "points", "shards", "slurm",
]);
/** A sweep's temporaries inside its folder (writeSweepFiles): `.sweep.csv.tmp-<pid>`, `.report.html.tmp-<pid>`. */
const SWEEP_TEMPORARY = /^\.(sweep\.csv|report\.html)\.tmp-\d+$/;

/** Throws a UsageError (exit 2, one line) when results could not be written at `out`. */
export function checkOutDir(out: string): void {
  if (out === "") throw new UsageError(outputMessage.empty());
  const target = resolve(out);
  if (target.length > 4095 || target.split(sep).some((part) => Buffer.byteLength(part) > 255)) throw new UsageError(outputMessage.nameTooLong(out));
  for (const root of KERNEL_FS) if (under(target, root)) throw new UsageError(outputMessage.kernelFs(out, root));
  // The nearest folder that exists, and no file on the way to it.
  let existing = target;
  for (;;) {
    try {
      const stat = statSync(existing);
      if (!stat.isDirectory()) throw new UsageError(outputMessage.notFolder(out, existing));
      break;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOTDIR") {
        existing = dirname(existing);
        continue;
      }
      if (code !== "ENOENT") throw new UsageError(outputMessage.cannotWrite(out, code ?? "error"));
      if (dirname(existing) === existing) break;
      existing = dirname(existing);
    }
  }
  const real = realpathSync(existing);
  for (const root of KERNEL_FS) if (under(real, root)) throw new UsageError(outputMessage.kernelFs(out, root));
  if (existing === target) {
    if (under(realpathSync(process.cwd()), real)) throw new UsageError(outputMessage.holdsCurrentFolder(out));
    const foreign = readdirSync(target).filter((entry) => !RESULT_ENTRIES.has(entry) && !SWEEP_TEMPORARY.test(entry));
    if (foreign.length > 0) throw new UsageError(outputMessage.notResults(out, foreign.sort()));
  }
  // The parent folder of the results (or the nearest that exists) must take a new entry.
  try {
    rmdirSync(mkdtempSync(join(existing === target ? dirname(target) : existing, ".p2psim-probe-")));
  } catch (error) {
    throw new UsageError(outputMessage.cannotWrite(out, (error as NodeJS.ErrnoException).code ?? "error"));
  }
}

/** A file-system error while writing results as a one-line UsageError; other errors as they are. */
export function writeError(error: unknown, out: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code)) return error;
  if (code === "ENAMETOOLONG") return new UsageError(outputMessage.nameTooLong(out));
  return new UsageError(outputMessage.cannotWrite(out, code));
}

/**
 * Gets `out` ready before any simulation: checks it (see checkOutDir), cleans temporaries that
 * killed runs left beside it, and makes SIGINT/SIGTERM clean up while results are written.
 */
export function prepareOutput(outs: readonly string[], err: (text: string) => void): void {
  for (const out of outs) {
    checkOutDir(out);
    cleanStaleTemporaries(out);
  }
  cleanUpOnSignals(err);
}
