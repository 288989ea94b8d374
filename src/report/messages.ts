/**
 * Every message the report layer shows, in one place (after vega-lite's log/message.ts). Each names
 * the chart, folder or field and the bad value.
 */
import { shown } from "../scenario/messages.js";

/** A JSON type as a reader of summary.json knows it. */
const JSON_KIND: Readonly<Record<string, string>> = { string: "text", number: "a number", boolean: "true or false", array: "an array", object: "an object" };

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (typeof value === "boolean") return "a boolean";
  return JSON_KIND[typeof value] ?? typeof value;
}

export const reportMessage = {
  chartWithoutName: () => "chart spec: needs a non-empty `name` (it becomes the file name under charts/)",
  badChartName: (name: string) => `chart '${name}': name may hold only letters, digits, '-', '_' and '.'`,
  duplicateChart: (name: string) => `chart '${name}': two charts have this name`,
  noLoading: (uri: string) => `chart data must be inlined; refusing to load '${uri}'`,
  vendorMissing: (pkg: string, file: string) => `report.html: cannot read ${file} of the '${pkg}' package; is it installed?`,
  fontMissing: (file: string) => `charts: cannot find font file ${file} (package dejavu-fonts-ttf); PNG text would be missing`,
  unknownAxis: (axis: string, known: readonly string[]) => `sweep: no axis '${axis}'; axes: ${known.join(", ") || "(none)"}`,
  emptySweep: () => "sweep: no points to write",
  /** The caller prefixes `FILE: field.path: `. */
  summaryFieldMissing: (expected: string) => `missing; expected ${JSON_KIND[expected] ?? expected}`,
  summaryFieldType: (value: unknown, expected: string) => {
    if (typeof value === "number" && expected === "number") return `${String(value)} is not a finite number`;
    return `${value === null ? "null" : `${shown(value)} is ${jsonKind(value)}`}; expected ${JSON_KIND[expected] ?? expected}`;
  },
  summaryFabricDuplicate: (id: string) => `${shown(id)} is the id of an earlier node too; ids are distinct`,
  summaryFabricNotTree: (id: string, maxDepth: number) => `node ${shown(id)}: its parents form a cycle or go more than ${maxDepth} levels up; a fabric is a tree`,
  summaryProblem: (file: string, problem: string) => `${file}: ${problem}`,
} as const;
