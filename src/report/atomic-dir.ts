/**
 * Writing a folder all at once: everything is built in a temporary sibling folder, which then
 * takes the target's name. A reader sees the old folder or the new one, never a half-written one
 * or a mix (between the two renames the name is briefly absent; Linux cannot rename a folder over
 * a non-empty one). On any error the temporary folder is removed and the old folder is untouched.
 *
 * Temporaries are named after the target and the process that made them: `.<name>.tmp-<pid>-X`
 * (being built), `.<name>.old-<pid>-X/previous` (the old folder during the swap), and a sweep's
 * `<name>.points-<pid>.tmp`. While they exist they are registered (see `liveTemporaries`), so a
 * signal handler can remove them and put a moved-away old folder back. Those of a process that is
 * gone (killed with SIGKILL, or the machine stopped) are cleaned by the next write to the same
 * target (`cleanStaleTemporaries`), which also puts back an old folder a swap left aside.
 */
import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** What a signal handler must undo: temporaries to remove, and old folders to put back at their target. */
const live = { remove: new Set<string>(), restore: new Map<string, string>() };

/** The temporaries this process has on disk now (for a signal handler: see `undoLiveTemporaries`). */
export function liveTemporaries(): { remove: readonly string[]; restore: ReadonlyArray<[from: string, to: string]> } {
  return { remove: [...live.remove], restore: [...live.restore] };
}

const watchers = new Set<(count: number) => void>();

/** Calls `watch` with the number of live temporaries whenever it changes (the CLI's signal handlers); returns a function that stops it. */
export function onTemporaries(watch: (count: number) => void): () => void {
  watchers.add(watch);
  return () => watchers.delete(watch);
}

/** Registers a temporary path of this process (removed on a signal); returns a function that unregisters it. */
export function registerTemporary(path: string): () => void {
  live.remove.add(path);
  for (const watch of watchers) watch(live.remove.size);
  return () => {
    live.remove.delete(path);
    for (const watch of watchers) watch(live.remove.size);
  };
}

/**
 * Test hook: with P2PSIM_PAUSE_AT naming this phase (`write`, `swap`), print `paused at PHASE` on
 * stderr and wait for a signal, so tests can kill a run at an exact step. Does nothing otherwise.
 */
export async function pauseAt(phase: string): Promise<void> {
  if (process.env.P2PSIM_PAUSE_AT !== phase) return;
  process.stderr.write(`paused at ${phase}\n`);
  await new Promise((resolveLater) => setTimeout(resolveLater, 60_000));
}

/**
 * Synchronously puts back old folders moved aside by a swap in progress and removes every
 * temporary of this process: what a SIGINT/SIGTERM handler calls before exiting.
 */
export function undoLiveTemporaries(): void {
  for (const [from, to] of live.restore) {
    try {
      if (!existsSync(to)) renameSync(from, to);
    } catch {
      // Leave it: the next write to this target puts it back (cleanStaleTemporaries).
    }
  }
  for (const path of live.remove) rmSync(path, { recursive: true, force: true });
  live.remove.clear();
  live.restore.clear();
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Removes the temporaries that killed processes left beside `dir` (those of live processes are
 * left alone), after putting back an old folder that a killed swap had moved aside when `dir` is
 * missing. Returns the names removed. Names without a process id (older versions) count as stale.
 */
export function cleanStaleTemporaries(dir: string): string[] {
  const target = resolve(dir);
  const parent = dirname(target);
  const name = escape(basename(target));
  const pattern = new RegExp(`^(?:\\.${name}\\.(tmp|old)-(?:(\\d+)-)?[^/]*|${name}\\.points-(\\d+)\\.tmp)$`);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries.sort()) {
    const match = pattern.exec(entry);
    if (match === null) continue;
    const pid = Number(match[2] ?? match[3] ?? NaN);
    if (Number.isInteger(pid) && alive(pid)) continue;
    const path = join(parent, entry);
    if (match[1] === "old" && !existsSync(target) && existsSync(join(path, "previous"))) {
      try {
        renameSync(join(path, "previous"), target);
      } catch {
        continue;
      }
    }
    rmSync(path, { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}

/**
 * Runs `build` on a fresh temporary folder beside `dir`, then puts it in place of `dir`.
 * Stale temporaries of killed runs beside `dir` are cleaned first.
 */
export async function writeDirAtomically(dir: string, build: (tmp: string) => Promise<void>): Promise<void> {
  const target = resolve(dir);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  cleanStaleTemporaries(target);
  const tmp = await mkdtemp(join(parent, `.${basename(target)}.tmp-${process.pid}-`));
  const unregisterTmp = registerTemporary(tmp);
  try {
    try {
      await chmod(tmp, 0o755); // mkdtemp makes it private; a results folder is for everyone to read
      await build(tmp);
      await pauseAt("write");
    } catch (error) {
      await rm(tmp, { recursive: true, force: true });
      throw error;
    }
    if (!(await exists(target))) {
      try {
        await rename(tmp, target);
      } catch (error) {
        await rm(tmp, { recursive: true, force: true });
        throw error;
      }
      return;
    }
    await swap(tmp, target);
  } finally {
    unregisterTmp();
  }
}

/** Replaces `target` by `tmp`: old folder aside (registered to be put back), new one in, old one removed. */
async function swap(tmp: string, target: string): Promise<void> {
  const old = await mkdtemp(join(dirname(target), `.${basename(target)}.old-${process.pid}-`));
  const unregisterOld = registerTemporary(old);
  const previous = join(old, "previous");
  try {
    try {
      await rename(target, previous);
    } catch (error) {
      await rm(tmp, { recursive: true, force: true });
      await rm(old, { recursive: true, force: true });
      throw error;
    }
    live.restore.set(previous, target);
    await pauseAt("swap");
    try {
      await rename(tmp, target);
    } catch (error) {
      await rename(previous, target);
      await rm(tmp, { recursive: true, force: true });
      await rm(old, { recursive: true, force: true });
      throw error;
    } finally {
      live.restore.delete(previous);
    }
    await rm(old, { recursive: true, force: true });
  } finally {
    unregisterOld();
  }
}
