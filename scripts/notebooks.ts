/**
 * `npm run notebooks [-- [--no-install] [--report FILE] [NAME...]]`: makes sure Jupyter is there
 * (Debian packages, installed when missing and possible), registers Deno's kernel under this clone
 * (kernel.ts), then executes every notebook in notebooks/ (or those named) headless and checks each
 * executed copy: no cell error, at least one chart and one HTML table. Executed copies go to
 * results/notebooks/. Prints one line per notebook and `notebooks: N passed, N failed`; exits 1
 * if any failed, 2 on a usage error. `--report FILE` also writes the outcome as JSON (for CI).
 * The npm script compiles the library first (tsc), since the notebooks import dist/.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { executeNotebook, type Execution } from "./notebooks/execute.js";
import { ensureJupyter } from "./notebooks/jupyter.js";
import { cacheDir, registerKernel } from "./notebooks/kernel.js";
import { notebookMessage } from "./notebooks/messages.js";

interface Options {
  install: boolean;
  report?: string;
  names: string[];
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { install: true, names: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--no-install") options.install = false;
    else if (arg === "--report") {
      const value = argv[++i];
      if (value === undefined) throw new Error(notebookMessage.needsValue(arg));
      options.report = value;
    } else if (arg.startsWith("-")) throw new Error(notebookMessage.unknownOption(arg));
    else options.names.push(arg.replace(/\.ipynb$/, "").replace(/^notebooks\//, ""));
  }
  return options;
}

function main(argv: readonly string[]): number {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const dir = join(root, "notebooks");
  const all = readdirSync(dir).filter((f) => f.endsWith(".ipynb")).map((f) => f.replace(/\.ipynb$/, "")).sort();
  let options: Options;
  let jupyterPath: string;
  try {
    options = parseArgs(argv);
    for (const name of options.names) if (!all.includes(name)) throw new Error(notebookMessage.unknownNotebook(name, all));
    ensureJupyter(options.install, (line) => console.log(line));
    jupyterPath = registerKernel(root);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  console.log(notebookMessage.registered(jupyterPath));

  const jupyter = join(cacheDir(root), "jupyter");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_PATH: jupyterPath,
    // Keep connection files and config in the clone too, so a user's Jupyter config changes nothing here.
    JUPYTER_RUNTIME_DIR: join(jupyter, "runtime"),
    JUPYTER_CONFIG_DIR: join(jupyter, "config"),
    JUPYTER_PLATFORM_DIRS: "1",
  };
  const outDir = join(root, "results", "notebooks");
  mkdirSync(outDir, { recursive: true });

  const runs: Execution[] = [];
  for (const name of options.names.length > 0 ? options.names : all) {
    const run = executeNotebook(root, join(dir, `${name}.ipynb`), outDir, env);
    runs.push(run);
    console.log(run.problems.length === 0 ? notebookMessage.passed(name, run.seconds, run.out) : notebookMessage.failed(name, run.seconds, run.problems));
  }
  const failed = runs.filter((r) => r.problems.length > 0).length;
  if (options.report !== undefined) {
    writeFileSync(options.report, JSON.stringify({ passed: runs.length - failed, failed, notebooks: runs }, null, 2) + "\n");
  }
  console.log(notebookMessage.howToOpen(jupyterPath));
  console.log(notebookMessage.summary(runs.length - failed, failed));
  return failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
