/**
 * `npm run golden`: rewrites test/golden/<name>.summary.json from a fresh run of every scenario in
 * scenarios/ (without its sweep). The scenario tests compare against these files byte for byte, so
 * any change in the model's numbers shows up as a test failure until it is accepted here, on
 * purpose, and the diff of the golden files is committed with the change that caused it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { goldenRun, scenarioFiles } from "../src/run/golden.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = join(root, "test/golden");
mkdirSync(dir, { recursive: true });
for (const file of scenarioFiles(join(root, "scenarios"))) {
  const started = performance.now();
  const { name, text } = goldenRun(file);
  writeFileSync(join(dir, `${name}.summary.json`), text);
  console.log(`${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
