/**
 * What an executed notebook must show, checked in its JSON (nbformat 4) after `jupyter nbconvert
 * --execute`: no cell ended in an error, at least one chart (a vega-lite spec with its PNG
 * fallback, as `display.chart` sends it) and at least one HTML table, and every cell that calls
 * `display.chart` or `display.table` shows one in its own outputs. A chart that silently fails to
 * appear (or lands under another cell) fails the run.
 */
import { NOTEBOOK_MIME } from "../../src/report/notebook-display.js";
import { notebookMessage } from "./messages.js";

/** The parts of an nbformat 4 notebook this check reads. */
export interface NotebookJson {
  cells: Array<{ cell_type: string; source?: string | string[]; outputs?: Array<{ output_type: string; data?: Record<string, unknown>; ename?: string; evalue?: string }> }>;
}

/** A PNG shorter than this (base64 characters) is taken as empty: a blank chart compresses to well under it. */
const MIN_PNG_BASE64 = 2700;

const text = (value: unknown) => (Array.isArray(value) ? value.join("") : String(value ?? ""));

/** Problems with an executed notebook; none when it passes. */
export function notebookProblems(notebook: NotebookJson): string[] {
  const problems: string[] = [];
  let charts = 0;
  let tables = 0;
  notebook.cells.forEach((cell, index) => {
    let cellCharts = 0;
    let cellTables = 0;
    for (const output of cell.outputs ?? []) {
      if (output.output_type === "error") problems.push(notebookMessage.cellError(index + 1, output.ename ?? "Error", output.evalue ?? ""));
      const data = output.data ?? {};
      if (data[NOTEBOOK_MIME.vegaLite] !== undefined && data[NOTEBOOK_MIME.png] !== undefined) {
        cellCharts++;
        if (text(data[NOTEBOOK_MIME.png]).replace(/\s/g, "").length < MIN_PNG_BASE64) problems.push(notebookMessage.emptyPng(index + 1));
      }
      if (/<table[\s>]/.test(text(data[NOTEBOOK_MIME.html]))) cellTables++;
    }
    if (cell.cell_type === "code") {
      const source = text(cell.source);
      if (/\bdisplay\.chart\(/.test(source) && cellCharts === 0) problems.push(notebookMessage.chartMissing(index + 1));
      if (/\bdisplay\.table\(/.test(source) && cellTables === 0) problems.push(notebookMessage.tableMissing(index + 1));
    }
    charts += cellCharts;
    tables += cellTables;
  });
  if (charts === 0) problems.push(notebookMessage.noChart());
  if (tables === 0) problems.push(notebookMessage.noTable());
  return problems;
}
