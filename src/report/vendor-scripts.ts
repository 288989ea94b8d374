/**
 * The browser builds of vega, vega-lite and vega-embed, read from node_modules at run time so that
 * report.html can inline them and work offline (no CDN is reachable, and a report should open
 * anywhere). Each package names its browser build in package.json (`jsdelivr`/`unpkg`).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { reportMessage } from "./messages.js";

/** One inlined library: its name, version and code. */
export interface VendorScript {
  name: string;
  version: string;
  code: string;
}

/** The packages report.html needs, in load order (vega-lite and vega-embed need vega first). */
export const VENDOR_PACKAGES = ["vega", "vega-lite", "vega-embed"] as const;

/** The folder of package `name` as Node resolves it from here. */
function packageRoot(name: string): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string };
      if (pkg.name === name) return dir;
    } catch {
      // no package.json here; keep climbing
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(reportMessage.vendorMissing(name, "package.json"));
    dir = up;
  }
}

/** The browser build of each of vega, vega-lite and vega-embed. */
export function vendorScripts(): VendorScript[] {
  return VENDOR_PACKAGES.map((name) => {
    const root = packageRoot(name);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; jsdelivr?: string; unpkg?: string };
    const file = pkg.jsdelivr ?? pkg.unpkg ?? `build/${name}.min.js`;
    try {
      return { name, version: pkg.version, code: readFileSync(join(root, file), "utf8") };
    } catch {
      throw new Error(reportMessage.vendorMissing(name, file));
    }
  });
}
