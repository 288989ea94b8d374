/**
 * Executes one notebook headless: execute.py beside this file's source runs it with nbclient under
 * Debian's /usr/bin/python3 (keeping outputs Deno's kernel sends just after a cell goes idle); a
 * cell that raises makes it exit 1. The executed copy, outputs and all, is written to `outDir`
 * under the same name; the committed notebook is left as it is. Then the copy is checked
 * (outputs.ts).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { PYTHON } from "./jupyter.js";
import { KERNEL_NAME } from "./kernel.js";
import { notebookMessage } from "./messages.js";
import { notebookProblems, type NotebookJson } from "./outputs.js";

/** Longest a single cell may run, s. */
const CELL_TIMEOUT_S = 600;

export interface Execution {
  name: string;
  /** The executed copy. */
  out: string;
  seconds: number;
  /** Empty when the notebook ran through and shows what it must. */
  problems: string[];
}

/** Runs `file` with the registered kernel; `root` is the clone, `env` carries JUPYTER_PATH and friends. */
export function executeNotebook(root: string, file: string, outDir: string, env: NodeJS.ProcessEnv): Execution {
  const name = basename(file, ".ipynb");
  const out = join(outDir, `${name}.ipynb`);
  const started = performance.now();
  const result = spawnSync(PYTHON, [join(root, "scripts", "notebooks", "execute.py"), file, out, KERNEL_NAME, String(CELL_TIMEOUT_S)], {
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  const failure =
    result.status !== 0 ? notebookMessage.executionFailed(result.status, `${result.stderr ?? ""}${result.error ? String(result.error) : ""}`.trim().split("\n").slice(-8).join("\n")) : undefined;
  let problems: string[];
  try {
    problems = notebookProblems(JSON.parse(readFileSync(out, "utf8")) as NotebookJson);
  } catch (error) {
    problems = [notebookMessage.unreadable(error instanceof Error ? error.message : String(error))];
  }
  return { name, out, seconds, problems: failure === undefined ? problems : [failure, ...problems] };
}
