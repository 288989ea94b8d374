import { describe, expect, it } from "vitest";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PngRenderer, renderSvg, runCharts } from "../../src/report/index.js";
import { writeChartFiles } from "../../src/report/chart-files.js";
import { fixtureArtifacts } from "./fixture.js";
import { linkUtilizationChart, MAX_CHART_LINKS } from "../../src/report/charts/link-utilization.js";

describe("chart rendering", () => {
  // Speed is measured by npm run bench, not here: a wall-clock bound failed under load (1.2 s).
  it("renders each chart to an SVG and a PNG that is not blank", async () => {
    const specs = runCharts(fixtureArtifacts());
    const png = new PngRenderer();
    for (const spec of specs) {
      const svg = await renderSvg(spec);
      expect(svg, spec.name).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      const image = png.render(svg);
      expect(image.subarray(1, 4).toString("latin1"), spec.name).toBe("PNG");
      expect(image.length, spec.name).toBeGreaterThan(5_000);
    }
  });

  it("draws the same PNG bytes off the main thread as on it", async () => {
    const png = new PngRenderer();
    for (const spec of runCharts(fixtureArtifacts()).slice(0, 3)) {
      const svg = await renderSvg(spec);
      expect(Buffer.compare(await png.renderAsync(svg), png.render(svg)), spec.name).toBe(0);
    }
  });

  it("writes each chart's spec, SVG and PNG in turn, though the PNGs are drawn while the next chart is laid out", async () => {
    const specs = runCharts(fixtureArtifacts());
    const dir = await mkdtemp(join(tmpdir(), "p2psim-charts-"));
    try {
      const order: string[] = [];
      await writeChartFiles(dir, specs, { beforeWrite: (file) => void order.push(file) });
      expect(order).toEqual(specs.flatMap((s) => [`charts/${s.name}.vl.json`, `charts/${s.name}.svg`, `charts/${s.name}.png`]));
      expect((await readdir(join(dir, "charts"))).length).toBe(3 * specs.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("writes only each chart's spec, the same bytes as in full, when SVGs are turned off", async () => {
    const specs = runCharts(fixtureArtifacts());
    const full = await mkdtemp(join(tmpdir(), "p2psim-charts-"));
    const only = await mkdtemp(join(tmpdir(), "p2psim-charts-"));
    try {
      await writeChartFiles(full, specs, { png: false });
      const order: string[] = [];
      await writeChartFiles(only, specs, { svg: false, beforeWrite: (file) => void order.push(file) });
      expect(order).toEqual(specs.map((s) => `charts/${s.name}.vl.json`));
      expect((await readdir(join(only, "charts"))).sort()).toEqual(specs.map((s) => `${s.name}.vl.json`).sort());
      for (const spec of specs) {
        const file = `charts/${spec.name}.vl.json`;
        expect(await readFile(join(only, file), "utf8"), file).toBe(await readFile(join(full, file), "utf8"));
      }
    } finally {
      await rm(full, { recursive: true, force: true });
      await rm(only, { recursive: true, force: true });
    }
  });

  it("stops at a chart that cannot be laid out, with the PNG drawn before it left handled", async () => {
    const specs = runCharts(fixtureArtifacts());
    const broken = { name: "remote", data: { url: "https://example.invalid/data.json" }, mark: "point", encoding: {} };
    const dir = await mkdtemp(join(tmpdir(), "p2psim-charts-"));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const written: string[] = [];
      // The first chart's PNG is being drawn while the second is laid out, and that fails.
      await expect(writeChartFiles(dir, [specs[0]!, broken as never, ...specs.slice(1)], { beforeWrite: (file) => void written.push(file) })).rejects.toThrow(/refusing to load/);
      expect(written).toEqual([`charts/${specs[0]!.name}.vl.json`, `charts/${specs[0]!.name}.svg`]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses to load data from anywhere: charts draw only what their spec inlines", async () => {
    const spec = { name: "remote", data: { url: "https://example.invalid/data.json" }, mark: "point", encoding: {} } as const;
    await expect(renderSvg(spec as never)).rejects.toThrow(/refusing to load/);
  });

  it("draws a fabric of a thousand links: the busiest 100, in fabric order, and says so", async () => {
    // Until December 2026 the chart sorted by a list of every link name, which vega-lite turns into
    // one nested conditional per name: run on 1000 endpoints failed with "Maximum call stack size exceeded".
    const artifacts = fixtureArtifacts(50);
    for (const variant of artifacts.summary.variants) {
      for (let i = 0; i < 1000; i++) {
        const utilization = i % 10 === 0 ? 0.5 + i / 4000 : 0.001;
        for (const direction of ["up", "down"] as const) variant.links.push({ link: `sw0-e${i}`, direction, bytes: 1000, wireBytes: 1100, tlps: 4, utilization, creditStallNs: 0 });
      }
    }
    const spec = linkUtilizationChart(artifacts);
    const rows = (spec.data as { values: Array<{ link: string; linkIndex: number }> }).values;
    const links = [...new Set(rows.map((r) => r.link))];
    expect(links).toHaveLength(MAX_CHART_LINKS);
    expect(links).toContain("sw0-nvme0"); // 0.94 and 0.83: among the busiest
    expect(links).toContain("sw0-e990");
    expect(links).not.toContain("sw0-e1");
    for (const r of rows) expect(r.linkIndex).toBe(links.indexOf(r.link)); // the fabric order of the kept links
    expect(JSON.stringify(spec.title)).toContain("the 100 busiest of 1003 links (links.csv has them all)");
    expect(await renderSvg(spec)).toMatch(/^<svg/);
  });
});
