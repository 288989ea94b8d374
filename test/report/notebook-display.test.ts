import { describe, expect, it } from "vitest";
import { chartBundle, display, JUPYTER_DISPLAY, markdownBundle, NOTEBOOK_MIME, plainTable, tableBundle, throughputChart } from "../../src/report/index.js";
import { fixtureArtifacts } from "./fixture.js";
import { darkPixels, readPng } from "./png-pixels.js";

const chart = () => throughputChart(fixtureArtifacts());

describe("notebook display helpers", () => {
  it("show a chart as a vega-lite v5 spec with its data inlined, a PNG with text drawn on it, and a line of plain text", async () => {
    const bundle = await chartBundle(chart());
    expect(Object.keys(bundle).sort()).toEqual([NOTEBOOK_MIME.png, NOTEBOOK_MIME.plain, NOTEBOOK_MIME.vegaLite].sort());
    const spec = bundle[NOTEBOOK_MIME.vegaLite] as { $schema: string; name: string };
    expect(spec.$schema).toBe("https://vega.github.io/schema/vega-lite/v5.json");
    expect(spec.name).toBe("throughput");
    expect(JSON.stringify(spec)).toMatch(/"values":\[\{/);
    const png = Buffer.from(bundle[NOTEBOOK_MIME.png] as string, "base64");
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(darkPixels(readPng(png))).toBeGreaterThan(3000);
    expect(bundle[NOTEBOOK_MIME.plain]).toMatch(/^chart 'throughput': /);
  });

  it("leave the PNG out when asked", async () => {
    expect(Object.keys(await chartBundle(chart(), { png: false }))).not.toContain(NOTEBOOK_MIME.png);
  });

  it("are objects Deno's kernel shows: a method under Symbol.for('Jupyter.display') that gives the bundle", async () => {
    const shown = display.chart(chart(), { png: false });
    const method = (shown as unknown as Record<symbol, () => Promise<Record<string, unknown>>>)[Symbol.for("Jupyter.display")];
    expect(JUPYTER_DISPLAY).toBe(Symbol.for("Jupyter.display"));
    expect(typeof method).toBe("function");
    expect(Object.keys(await method!())).toContain(NOTEBOOK_MIME.vegaLite);
    expect(await display.table([{ a: 1 }])[JUPYTER_DISPLAY]()).toEqual(tableBundle([{ a: 1 }]));
    expect(await display.markdown("**x**")[JUPYTER_DISPLAY]()).toEqual(markdownBundle("**x**"));
  });

  it("show rows as an HTML table with escaped text and right-aligned, grouped numbers, and as aligned plain text", () => {
    const rows = [
      { path: "p2p", flow: "a<b", GBps: 1234.56789, note: undefined },
      { path: "bounce", flow: "c&d", GBps: 5, note: "x" },
    ];
    const bundle = tableBundle(rows, { caption: "two flows" });
    const html = bundle[NOTEBOOK_MIME.html] as string;
    expect(html).toContain("<caption>two flows</caption>");
    expect(html).toContain('<th style="text-align:left">path</th><th style="text-align:left">flow</th><th style="text-align:right">GBps</th>');
    expect(html).toContain('<td style="text-align:left">a&lt;b</td><td style="text-align:right">1,234.568</td><td style="text-align:left"></td>');
    expect(html).toContain("c&amp;d");
    expect(bundle[NOTEBOOK_MIME.plain]).toBe(
      ["two flows", "path    flow       GBps  note", "------  ----  ---------  ----", "p2p     a<b   1,234.568", "bounce  c&d           5  x"].join("\n"),
    );
  });

  it("show only the columns asked for, in that order, with the decimals asked for", () => {
    const html = tableBundle([{ a: 1.23456, b: "x", c: 3 }], { columns: ["c", "a"], digits: 1 })[NOTEBOOK_MIME.html] as string;
    expect(html).toContain("<th style=\"text-align:right\">c</th><th style=\"text-align:right\">a</th></tr>");
    expect(html).toContain(">1.2</td>");
    expect(html).not.toContain(">x<");
  });

  it("align a plain table whose cells are wider than their headings", () => {
    expect(plainTable(["n", "name"], [["1000", "a"], ["7", "bbbbbb"]], [true, false])).toBe("   n  name\n----  ------\n1000  a\n   7  bbbbbb");
  });
});
