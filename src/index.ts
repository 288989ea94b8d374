/**
 * p2psim as a library: what notebooks and scripts import (`import { openScenario, run } from
 * "p2psim"`). Open a scenario, override fields, run it or sweep it, turn the results into tidy
 * rows and vega-lite charts, write a results folder. The output's shapes are in ./contract.ts.
 * This file only re-exports; each verb is documented where it is defined.
 */

// Scenarios and runs.
export { DEFAULT_SCENARIO, openScenario, parseScenario, scenarioFromObject, withOverrides, run, runParallel, sweep, kernelMatrix, version } from "./run/library.js";
export type { ScenarioOptions, RunOptions, SweepOptions } from "./run/library.js";
export type { LoadedScenario } from "./scenario/load.js";
export type { Scenario, ScenarioInput } from "./scenario/scenario-schema.js";
export { UsageError } from "./messages.js";

// The output contract.
export type { Summary, VariantResult, FlowResult, LinkResult, KernelView, LatencySummaryNs, PathVariant, Bottleneck, ResourceResult, DeviceTotal, Provenance } from "./contract.js";
export type { RunArtifacts, SweepPoint, VlSpec, WriteOptions, TimeSeriesRow, TraceEvent } from "./report/types.js";

// Tidy rows (the CSV files' rows).
export { flowRows, FLOW_COLUMNS } from "./report/flow-rows.js";
export { linkRows, LINK_COLUMNS } from "./report/link-rows.js";
export { hostRows, HOST_COLUMNS } from "./report/host-rows.js";
export { latencyRows, LATENCY_COLUMNS } from "./report/latency-rows.js";
export { sweepRows } from "./report/sweep-rows.js";
export { csvText } from "./report/csv.js";
export { resourceRows, RESOURCE_COLUMNS, deviceRows, DEVICE_COLUMNS, timeSeriesCsvRows, TIMESERIES_COLUMNS } from "./report/resource-rows.js";

// Why: text and Markdown reports, verdicts, traces.
export { textReport, TEXT_COLUMNS } from "./report/text-report.js";
export type { TextFormat } from "./report/text-report.js";
export { verdictLines } from "./report/verdict.js";
export { traceJson } from "./report/trace-json.js";
export type { TraceOptions } from "./run/trace.js";

// Charts (vega-lite specs with their data inlined) and rendering.
export { runCharts } from "./report/run-charts.js";
export { sweepCharts } from "./report/sweep-charts.js";
export { describeAxis, type AxisInfo } from "./report/sweep-axis.js";
export { sweepTable, tableText, bottleneckOf, type TextTable } from "./report/sweep-table.js";
export { renderSvg } from "./report/render-svg.js";
export { PngRenderer } from "./report/render-png.js";

// Rich output in Jupyter notebooks (Deno's kernel): charts, tables, prose.
export { chartConfig, PALETTE } from "./report/charts/style.js";
export { display, displayable, chartBundle, tableBundle, markdownBundle, textBundle, plainTable, JUPYTER_DISPLAY, NOTEBOOK_MIME } from "./report/notebook-display.js";
export type { Displayable, MimeBundle, ChartDisplayOptions, TableDisplayOptions } from "./report/notebook-display.js";

// Results folders.
export { writeResults } from "./report/write-results.js";
export { writeSweep, writeSweepFiles } from "./report/write-sweep.js";
export { planSweep } from "./run/sweep.js";
export { sweepToFolder, mergeToFolder } from "./run/sweep-folder.js";
export { parseShard, shardIndices, type Shard, type ShardRecord } from "./run/shard.js";

// Models beside the simulation.
export { analyticBandwidth } from "./model/analytic.js";
export type { AnalyticInput, AnalyticResult } from "./model/analytic.js";
export type { P2pMatrix, P2pDecision } from "./kernel/index.js";
export { parseSize, parseTime, parseRate } from "./scenario/quantity.js";
export { bandwidthPoint } from "./run/bandwidth.js";
export type { BandwidthPoint, LinkBench } from "./run/bandwidth.js";
