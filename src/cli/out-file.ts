/**
 * Writing the file an `-o FILE` option names (`export`, `import`). A regular file, new or there
 * already, is written through a temporary sibling and a rename, so a reader never sees half of
 * it. A symbolic link keeps being one: the file it points to is replaced the same way. A device
 * or a FIFO (`-o /dev/null`, a pipe) is written to as it is: a rename would put a plain file in
 * its place. A folder, or a file nobody may write, is refused.
 */
import { existsSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UsageError } from "../messages.js";
import { importError } from "../scenario/import/messages.js";

/** Writes `text` to `file` as the file's kind asks (above); a UsageError naming the file if it cannot. */
export function writeOutputFile(file: string, text: string): void {
  if (file === "") throw new UsageError(importError.emptyOut());
  let target = file;
  if (existsSync(file)) {
    let stat;
    try {
      target = realpathSync(file);
      stat = statSync(target);
    } catch (error) {
      throw new UsageError(importError.cannotWrite(file, (error as NodeJS.ErrnoException).code ?? "error"));
    }
    if (stat.isDirectory()) throw new UsageError(importError.cannotWrite(file, "EISDIR"));
    if (!stat.isFile()) return writeThrough(file, text);
    if ((stat.mode & 0o222) === 0) throw new UsageError(importError.readOnly(file));
  }
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new UsageError(importError.cannotWrite(file, (error as NodeJS.ErrnoException).code ?? "error"));
  }
}

/** A device or a FIFO: written as it is (what `>` in a shell does). */
function writeThrough(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(importError.cannotWrite(file, (error as NodeJS.ErrnoException).code ?? "error"));
  }
}
