/**
 * A sweep's own files: `sweep.csv`, the sweep charts (`charts/*.vl.json|svg|png`) and
 * `report.html`. `writeSweep` writes them as a folder of their own, atomically (the library's
 * way); `writeSweepFiles` writes them into a sweep folder that already holds `points/` and
 * `shards/` (the CLI's way), each file replaced whole. The same input gives byte-identical files.
 */
import { readdir, rename, rmdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeDirAtomically } from "./atomic-dir.js";
import { chartNames, writeChartFiles } from "./chart-files.js";
import { csvText } from "./csv.js";
import { reportMessage } from "./messages.js";
import { sweepReportHtml, type SweepPageInfo } from "./sweep-html.js";
import { sweepRows } from "./sweep-rows.js";
import { sweepTable } from "./sweep-table.js";
import type { SweepPoint, VlSpec, WriteOptions } from "./types.js";
import { vendorScripts } from "./vendor-scripts.js";

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

/** The page facts of a sweep taken from its first point's summary. */
function pageInfo(points: readonly SweepPoint[]): SweepPageInfo {
  const first = points[0]!.summary;
  return { scenario: first.scenario, ...(first.description ? { description: first.description } : {}), seed: first.seed, variants: first.variants.map((v) => v.path) };
}

/**
 * Writes `sweep.csv`, `charts/` and `report.html` into the sweep folder `dir`, leaving its
 * `points/` and `shards/` alone. Each file goes in through a temporary name and a rename, and
 * `charts/` is swapped whole, so a reader sees old or new files, never half of one.
 */
export async function writeSweepFiles(dir: string, points: readonly SweepPoint[], specs: readonly VlSpec[], options: WriteOptions = {}): Promise<void> {
  if (points.length === 0) throw new Error(reportMessage.emptySweep());
  chartNames(specs);
  const { columns, rows } = sweepRows(points);
  const put = async (file: string, text: string) => {
    await options.beforeWrite?.(file);
    const tmp = join(dir, `.${file}.tmp-${process.pid}`);
    await writeFile(tmp, text);
    await rename(tmp, join(dir, file));
  };
  // charts/ first: writeDirAtomically builds <dir>/charts from a sibling; writeChartFiles adds the charts/ level itself.
  await writeDirAtomically(join(dir, "charts"), async (tmp) => {
    await writeChartFiles(tmp, specs, options);
    for (const file of await readdir(join(tmp, "charts"))) await rename(join(tmp, "charts", file), join(tmp, file));
    await rmdir(join(tmp, "charts"));
  });
  await put("sweep.csv", csvText(columns, rows));
  await put("report.html", sweepReportHtml(pageInfo(points), sweepTable(points), specs, vendorScripts()));
}
