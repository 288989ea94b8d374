/**
 * Where this package is installed, found by walking up from this file to the package.json named
 * "p2psim": the same answer whether the code runs compiled (dist/src/) or as TypeScript sources
 * (src/, under vitest), so built-in scenarios, the version and the compiled worker are always found.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/** The package's root folder (the one holding package.json, scenarios/ and dist/). */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file) && (JSON.parse(readFileSync(file, "utf8")) as { name?: string }).name === "p2psim") return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error("p2psim: cannot find the package's own package.json above " + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** The package's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}
