/**
 * Jupyter from Debian's packages: nbclient, nbformat and jupyter_client under /usr/bin/python3 (a
 * python3 earlier on PATH, e.g. a virtualenv or a version manager's, may have no Jupyter), and the
 * `jupyter` command with nbconvert for people who open or export the notebooks. Installed with
 * apt-get when missing and this process may (root, apt-get present).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { notebookMessage } from "./messages.js";

/** The Python that runs nbclient (Debian's). */
export const PYTHON = "/usr/bin/python3";
const JUPYTER = "/usr/bin/jupyter";

/** Debian packages that give `jupyter nbconvert --execute` and a kernel manager. */
export const JUPYTER_PACKAGES = ["jupyter-nbconvert", "python3-nbclient", "jupyter-client"] as const;

/** True when /usr/bin/jupyter is there and Debian's Python can import nbclient, nbformat, nbconvert and jupyter_client. */
export function hasJupyter(): boolean {
  if (!existsSync(JUPYTER) || !existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ["-c", "import nbclient, nbformat, nbconvert, jupyter_client"], { stdio: "ignore" }).status === 0;
}

const canInstall = () => process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");

function aptGet(args: readonly string[]): number | null {
  return spawnSync("/usr/bin/apt-get", args, { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status;
}

/**
 * Makes sure Jupyter is there: installs the Debian packages when it is missing and `install` is
 * allowed and possible (refreshing the package lists once if the first try fails), else throws
 * saying what to install.
 */
export function ensureJupyter(install: boolean, log: (line: string) => void): void {
  if (hasJupyter()) return;
  if (!install || !canInstall()) throw new Error(notebookMessage.noJupyter(JUPYTER_PACKAGES));
  log(notebookMessage.installing(JUPYTER_PACKAGES));
  let status = aptGet(["install", "-y", "-qq", ...JUPYTER_PACKAGES]);
  if (status !== 0 && aptGet(["update", "-qq"]) === 0) status = aptGet(["install", "-y", "-qq", ...JUPYTER_PACKAGES]);
  if (status !== 0 || !hasJupyter()) throw new Error(notebookMessage.installFailed(JUPYTER_PACKAGES, status));
}
