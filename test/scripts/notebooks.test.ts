import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { denoExecutable, KERNEL_NAME, kernelSpec } from "../../scripts/notebooks/kernel.js";
import { notebookProblems, type NotebookJson } from "../../scripts/notebooks/outputs.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NOTEBOOKS = join(ROOT, "notebooks");

/** A PNG-sized base64 string (the check only looks at its length). */
const PNG = "iVBORw0KGgo".padEnd(6000, "A");
const chartOutput = { output_type: "execute_result", data: { "application/vnd.vegalite.v5+json": { mark: "bar" }, "image/png": PNG, "text/plain": "chart" } };
const tableOutput = { output_type: "execute_result", data: { "text/html": ["<table>\n", "<tr><td>1</td></tr>\n", "</table>"], "text/plain": "1" } };
const code = (source: string, outputs: object[]) => ({ cell_type: "code", source, outputs }) as NotebookJson["cells"][number];

describe("the executed-notebook check", () => {
  it("passes a notebook that shows a chart and a table and raised nothing", () => {
    expect(notebookProblems({ cells: [code("await display.chart(spec)", [chartOutput]), code("display.table(rows)", [tableOutput])] })).toEqual([]);
  });

  it("fails a notebook with no chart, or no table", () => {
    expect(notebookProblems({ cells: [code("rows", [tableOutput])] })).toEqual([expect.stringMatching(/no chart output/)]);
    expect(notebookProblems({ cells: [code("spec", [chartOutput])] })).toEqual([expect.stringMatching(/no table output/)]);
  });

  it("fails a cell that calls display.chart but shows nothing, even when another cell has a chart", () => {
    const problems = notebookProblems({ cells: [code("await display.chart(a)", [chartOutput, tableOutput]), code("await display.chart(b)", [])] });
    expect(problems).toEqual(["cell 2: calls display.chart but shows no chart"]);
  });

  it("fails a cell that calls display.table but shows no HTML table", () => {
    const problems = notebookProblems({ cells: [code("await display.chart(a)", [chartOutput, tableOutput]), code("display.table(rows)", [{ output_type: "stream", text: "x" }])] });
    expect(problems).toEqual(["cell 2: calls display.table but shows no HTML table"]);
  });

  it("names the cell and the error of a cell that raised", () => {
    const problems = notebookProblems({ cells: [code("x", [chartOutput, tableOutput, { output_type: "error", ename: "TypeError", evalue: "x is undefined" }])] });
    expect(problems).toEqual(["cell 1: TypeError: x is undefined"]);
  });

  it("fails a chart whose PNG is near-empty", () => {
    const blank = { output_type: "display_data", data: { ...chartOutput.data, "image/png": "iVBORw0KGgo=" } };
    expect(notebookProblems({ cells: [code("c", [blank, tableOutput])] })).toEqual(["cell 1: a chart's PNG is near-empty (under 2 KB)"]);
  });
});

describe("the notebooks' kernel", () => {
  it("is Deno's Jupyter kernel from the pinned deno package, with no update check, no colour codes and its cache in the clone", () => {
    const deno = denoExecutable(ROOT);
    expect(existsSync(deno)).toBe(true);
    const spec = kernelSpec(deno, ROOT);
    expect(spec.argv).toEqual([deno, "jupyter", "--kernel", "--conn", "{connection_file}"]);
    expect(spec.env).toMatchObject({ DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" });
    expect(spec.env.DENO_DIR.startsWith(join(ROOT, "node_modules", ".cache"))).toBe(true);
  });
});

describe("the committed notebooks", () => {
  const files = readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort();
  const read = (file: string) => JSON.parse(readFileSync(join(NOTEBOOKS, file), "utf8")) as NotebookJson & { metadata: { kernelspec: { name: string } } };

  it("are the three analyses", () => {
    expect(files).toEqual(["capacity-planning.ipynb", "iommu.ipynb", "rfc-reply.ipynb"]);
  });

  it("are committed with outputs cleared and name the registered kernel", () => {
    for (const file of files) {
      const notebook = read(file);
      expect(notebook.metadata.kernelspec.name, file).toBe(KERNEL_NAME);
      for (const cell of notebook.cells) {
        expect(cell.outputs ?? [], file).toEqual([]);
        expect((cell as { execution_count?: number | null }).execution_count ?? null, file).toBeNull();
      }
    }
  });

  it("import p2psim by its name and nothing from the network", () => {
    for (const file of files) {
      const source = read(file).cells.filter((c) => c.cell_type === "code").map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source ?? "")).join("\n");
      expect(source, file).toMatch(/from "p2psim"/);
      const specifiers = [...source.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]!);
      for (const specifier of specifiers) expect(specifier, `${file} imports ${specifier}`).toMatch(/^(p2psim|node:[a-z_/]+)$/);
    }
  });
});
