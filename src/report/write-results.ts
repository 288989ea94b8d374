/**
 * A run's results folder (docs/output.md), written atomically:
 * summary.json, flows.csv, links.csv, host.csv, latency.csv, resources.csv, devices.csv,
 * timeseries.csv, report.txt, report.md, charts/*.vl.json|svg|png and report.html.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeDirAtomically } from "./atomic-dir.js";
import { canonicalJson } from "./canonical-json.js";
import { writeChartFiles } from "./chart-files.js";
import { csvText } from "./csv.js";
import { FLOW_COLUMNS, flowRows } from "./flow-rows.js";
import { LATENCY_COLUMNS, latencyRows } from "./latency-rows.js";
import { LINK_COLUMNS, linkRows } from "./link-rows.js";
import { HOST_COLUMNS, hostRows } from "./host-rows.js";
import { reportHtml } from "./report-html.js";
import { runCharts } from "./run-charts.js";
import type { RunArtifacts, WriteOptions } from "./types.js";
import { vendorScripts } from "./vendor-scripts.js";
import { DEVICE_COLUMNS, RESOURCE_COLUMNS, TIMESERIES_COLUMNS, deviceRows, resourceRows, timeSeriesCsvRows } from "./resource-rows.js";
import { textReport } from "./text-report.js";

/**
 * Writes the results folder of one run to `dir`, replacing any previous one only once everything
 * is written (see writeDirAtomically); on error the previous folder stays as it was.
 * The same artifacts give byte-identical files.
 * @example await writeResults("results/nvmeof-cmb", artifacts, { png: true })
 */
export async function writeResults(dir: string, artifacts: RunArtifacts, options: WriteOptions = {}): Promise<void> {
  const { summary } = artifacts;
  const specs = runCharts(artifacts);
  const vendor = vendorScripts();
  await writeDirAtomically(dir, async (tmp) => {
    const write = async (file: string, text: string) => {
      await options.beforeWrite?.(file);
      await writeFile(join(tmp, file), text);
    };
    await write("summary.json", canonicalJson(summary));
    await write("flows.csv", csvText(FLOW_COLUMNS, flowRows(summary)));
    await write("links.csv", csvText(LINK_COLUMNS, linkRows(summary)));
    await write("host.csv", csvText(HOST_COLUMNS, hostRows(summary)));
    await write("latency.csv", csvText(LATENCY_COLUMNS, latencyRows(artifacts.latencySamples, options.latencyRowLimit)));
    await write("resources.csv", csvText(RESOURCE_COLUMNS, resourceRows(summary)));
    await write("devices.csv", csvText(DEVICE_COLUMNS, deviceRows(summary)));
    if (artifacts.timeSeries !== undefined) await write("timeseries.csv", csvText(TIMESERIES_COLUMNS, timeSeriesCsvRows(artifacts.timeSeries)));
    await write("report.txt", textReport(summary, "text"));
    await write("report.md", textReport(summary, "markdown"));
    await writeChartFiles(tmp, specs, options);
    await write("report.html", reportHtml(summary, specs, vendor));
  });
}
