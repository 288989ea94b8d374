/**
 * Writing a folder all at once: everything is built in a temporary sibling folder, which then
 * takes the target's name. A reader sees the old folder or the new one, never a half-written one
 * (between the two renames the name is briefly absent; Linux cannot rename a folder over a
 * non-empty one). On any error the temporary folder is removed and the old folder is untouched.
 */
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

/**
 * Runs `build` on a fresh temporary folder beside `dir`, then puts it in place of `dir`.
 * The temporary names start with `.<name>.tmp-` / `.<name>.old-`, so a crash leaves them easy to spot.
 */
export async function writeDirAtomically(dir: string, build: (tmp: string) => Promise<void>): Promise<void> {
  const target = resolve(dir);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(join(parent, `.${basename(target)}.tmp-`));
  try {
    await chmod(tmp, 0o755); // mkdtemp makes it private; a results folder is for everyone to read
    await build(tmp);
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
  const old = await mkdtemp(join(parent, `.${basename(target)}.old-`));
  try {
    await rename(target, join(old, "previous"));
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
    throw error;
  }
  try {
    await rename(tmp, target);
  } catch (error) {
    await rename(join(old, "previous"), target);
    await rm(tmp, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}
