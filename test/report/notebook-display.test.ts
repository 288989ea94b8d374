import { describe, expect, it } from "vitest";
import { chartBundle, display, displayable, JUPYTER_DISPLAY, markdownBundle, NOTEBOOK_MIME, plainTable, tableBundle, throughputChart } from "../../src/report/index.js";
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

  it("make objects Deno's kernel shows: a method under Symbol.for('Jupyter.display') that gives the bundle at once, not a promise", async () => {
    const shown = await displayable.chart(chart(), { png: false });
    const method = (shown as unknown as Record<symbol, () => unknown>)[Symbol.for("Jupyter.display")];
    expect(JUPYTER_DISPLAY).toBe(Symbol.for("Jupyter.display"));
    expect(typeof method).toBe("function");
    const bundle = method!();
    expect(bundle).not.toBeInstanceOf(Promise);
    expect(Object.keys(bundle as object)).toContain(NOTEBOOK_MIME.vegaLite);
    expect(displayable.table([{ a: 1 }])[JUPYTER_DISPLAY]()).toEqual(tableBundle([{ a: 1 }]));
    expect(displayable.markdown("**x**")[JUPYTER_DISPLAY]()).toEqual(markdownBundle("**x**"));
  });

  it("show now through Deno.jupyter.display in Deno's kernel, waiting until it is sent, and give nothing back to show twice", async () => {
    const sent: Array<{ bundle: Record<string, unknown>; options: unknown }> = [];
    const global = globalThis as { Deno?: unknown };
    const before = global.Deno;
    global.Deno = { jupyter: { display: async (bundle: Record<string, unknown>, options: unknown) => void sent.push({ bundle, options }) } };
    try {
      expect(await display.table([{ a: 1 }])).toBeUndefined();
      expect(await display.chart(chart(), { png: false })).toBeUndefined();
      expect(await display.markdown("**x**")).toBeUndefined();
      expect(await display.text("a  b\n1  2")).toBeUndefined();
    } finally {
      global.Deno = before;
    }
    expect(sent.map((s) => s.options)).toEqual([{ raw: true }, { raw: true }, { raw: true }, { raw: true }]);
    expect(sent[0]!.bundle).toEqual(tableBundle([{ a: 1 }]));
    expect(Object.keys(sent[1]!.bundle)).toContain(NOTEBOOK_MIME.vegaLite);
    expect(sent[2]!.bundle).toEqual(markdownBundle("**x**"));
    expect(sent[3]!.bundle).toEqual({ "text/plain": "a  b\n1  2" });
  });

  it("give the displayable back when not in Deno's kernel", async () => {
    const shown = await display.table([{ a: 1 }]);
    expect(shown?.[JUPYTER_DISPLAY]()).toEqual(tableBundle([{ a: 1 }]));
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
