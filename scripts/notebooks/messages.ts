/**
 * Every message `npm run notebooks` shows, in one place. Each says what is missing or wrong and
 * what to do about it.
 */
export const notebookMessage = {
  noJupyter: (packages: readonly string[]) =>
    `notebooks: Jupyter (nbclient under /usr/bin/python3) is missing; install it with: apt-get install -y ${packages.join(" ")} (run as root, or npm run notebooks does it when it can)`,
  installing: (packages: readonly string[]) => `notebooks: installing ${packages.join(", ")} (Debian packages) ...`,
  installFailed: (packages: readonly string[], status: number | null) =>
    `notebooks: apt-get install ${packages.join(" ")} failed (exit ${status ?? "signal"}); install them by hand and run again`,
  noDeno: (detail: string) => `notebooks: cannot find the deno binary of the 'deno' npm package (${detail}); run npm ci`,
  unknownNotebook: (name: string, known: readonly string[]) => `notebooks: no notebook '${name}'; notebooks: ${known.join(", ")}`,
  unknownOption: (option: string) => `notebooks: unknown option '${option}'; usage: npm run notebooks [-- [--no-install] [--report FILE] [NAME...]]`,
  needsValue: (option: string) => `notebooks: ${option} needs a value`,
  registered: (jupyterPath: string) => `kernel p2psim-deno registered under ${jupyterPath}`,
  howToOpen: (jupyterPath: string) => `open them with: JUPYTER_PATH=${jupyterPath} jupyter lab notebooks/`,
  passed: (name: string, seconds: number, out: string) => `ok    ${name} (${seconds.toFixed(1)} s) -> ${out}`,
  failed: (name: string, seconds: number, problems: readonly string[]) =>
    `FAIL  ${name} (${seconds.toFixed(1)} s)\n${problems.flatMap((p) => p.split("\n")).map((line) => `      ${line}`).join("\n")}`,
  cellError: (cell: number, name: string, value: string) => `cell ${cell}: ${name}: ${value}`,
  noChart: () => "no chart output (a display_data or execute_result with a vega-lite spec and a PNG)",
  noTable: () => "no table output (text/html with a <table>)",
  chartMissing: (cell: number) => `cell ${cell}: calls display.chart but shows no chart`,
  tableMissing: (cell: number) => `cell ${cell}: calls display.table but shows no HTML table`,
  emptyPng: (cell: number) => `cell ${cell}: a chart's PNG is near-empty (under 2 KB)`,
  executionFailed: (status: number | null, tail: string) => `execution stopped (exit ${status ?? "on a signal"}):\n${tail}`,
  unreadable: (detail: string) => `the executed notebook cannot be read: ${detail}`,
  summary: (passed: number, failed: number) => `notebooks: ${passed} passed, ${failed} failed`,
} as const;
