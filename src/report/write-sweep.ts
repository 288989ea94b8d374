/**
 * A sweep's results folder: `sweep.csv` and the sweep charts (`charts/*.vl.json|svg|png`),
 * written atomically like a run's folder. The same input gives byte-identical files.
 */
import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeDirAtomically } from "./atomic-dir.js";
import { chartNames, writeChartFiles } from "./chart-files.js";
import { csvText } from "./csv.js";
import { reportMessage } from "./messages.js";
import { sweepRows } from "./sweep-rows.js";
import type { SweepPoint, VlSpec, WriteOptions } from "./types.js";

/**
 * Writes `sweep.csv` (one row per point x variant x flow, axis values first) and `specs` as
 * charts into `dir`, replacing any previous folder only once all is written; `moveIn` folders
 * (name -> where they are) are moved into it before the swap.
 * @example await writeSweep("results/nvmeof-cmb/sweep", points, sweepCharts(points, "workloads.0.io"))
 */
export async function writeSweep(dir: string, points: readonly SweepPoint[], specs: readonly VlSpec[], options: WriteOptions & { moveIn?: Readonly<Record<string, string>> } = {}): Promise<void> {
  if (points.length === 0) throw new Error(reportMessage.emptySweep());
  chartNames(specs);
  const { columns, rows } = sweepRows(points);
  await writeDirAtomically(dir, async (tmp) => {
    await options.beforeWrite?.("sweep.csv");
    await writeFile(join(tmp, "sweep.csv"), csvText(columns, rows));
    await writeChartFiles(tmp, specs, options);
    // Folders made beforehand (the points) move in before the swap, so the swap is the only step that shows.
    for (const [name, from] of Object.entries(options.moveIn ?? {})) await rename(from, join(tmp, name));
  });
}
