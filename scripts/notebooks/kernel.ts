/**
 * The notebooks' kernel: Deno's built-in Jupyter kernel, from the `deno` npm package (a pinned
 * devDependency whose binary ships inside a per-platform package), registered under a folder of
 * this clone (node_modules/.cache/p2psim/jupyter), never in the user's or the system's Jupyter
 * folders. Jupyter finds it when JUPYTER_PATH names that folder.
 *
 * The kernel runs in the notebook's folder, where notebooks/deno.json maps `p2psim` to the
 * compiled library (dist/src/index.js) and lets Deno resolve other packages from this clone's
 * node_modules, so nothing is fetched at run time. Its environment turns off Deno's update check
 * and colour codes (they would land in the saved outputs) and keeps Deno's cache in the clone.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { notebookMessage } from "./messages.js";

/** The kernel's name, as the notebooks' metadata give it. */
export const KERNEL_NAME = "p2psim-deno";

/** Where this clone keeps its Jupyter data (kernels/) and Deno's cache. */
export function cacheDir(root: string): string {
  return join(root, "node_modules", ".cache", "p2psim");
}

/** The path of the deno executable the `deno` package installed for this platform. */
export function denoExecutable(root: string): string {
  const require = createRequire(join(root, "package.json"));
  try {
    return (require("deno/install_api.cjs") as { runInstall(): string }).runInstall();
  } catch (error) {
    throw new Error(notebookMessage.noDeno(error instanceof Error ? error.message : String(error)));
  }
}

/** The kernel spec (Jupyter's kernel.json) for a deno binary. */
export function kernelSpec(deno: string, root: string) {
  return {
    argv: [deno, "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: "Deno (p2psim)",
    language: "typescript",
    env: { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1", DENO_DIR: join(cacheDir(root), "deno") },
  };
}

/** Writes the kernel spec; returns the folder to give Jupyter as JUPYTER_PATH. */
export function registerKernel(root: string): string {
  const jupyterPath = join(cacheDir(root), "jupyter");
  const dir = join(jupyterPath, "kernels", KERNEL_NAME);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(kernelSpec(denoExecutable(root), root), null, 2) + "\n");
  return jupyterPath;
}
