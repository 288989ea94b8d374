/**
 * Every message the report layer shows, in one place (after vega-lite's log/message.ts). Each names
 * the chart, folder or field and the bad value.
 */
export const reportMessage = {
  chartWithoutName: () => "chart spec: needs a non-empty `name` (it becomes the file name under charts/)",
  badChartName: (name: string) => `chart '${name}': name may hold only letters, digits, '-', '_' and '.'`,
  duplicateChart: (name: string) => `chart '${name}': two charts have this name`,
  noLoading: (uri: string) => `chart data must be inlined; refusing to load '${uri}'`,
  vendorMissing: (pkg: string, file: string) => `report.html: cannot read ${file} of the '${pkg}' package; is it installed?`,
  fontMissing: (file: string) => `charts: cannot find font file ${file} (package dejavu-fonts-ttf); PNG text would be missing`,
  unknownAxis: (axis: string, known: readonly string[]) => `sweep: no axis '${axis}'; axes: ${known.join(", ") || "(none)"}`,
  emptySweep: () => "sweep: no points to write",
} as const;
