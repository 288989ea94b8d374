import { describe, expect, it } from "vitest";
import { PngRenderer, renderSvg, runCharts } from "../../src/report/index.js";
import { fixtureArtifacts } from "./fixture.js";

describe("chart rendering", () => {
  it("renders each chart to SVG and PNG well under a second once vega is loaded", async () => {
    const specs = runCharts(fixtureArtifacts());
    await renderSvg(specs[0]!); // warm-up: first use compiles vega's code paths
    const png = new PngRenderer();
    for (const spec of specs) {
      const start = performance.now();
      png.render(await renderSvg(spec));
      expect(performance.now() - start, spec.name).toBeLessThan(1000);
    }
  });

  it("refuses to load data from anywhere: charts draw only what their spec inlines", async () => {
    const spec = { name: "remote", data: { url: "https://example.invalid/data.json" }, mark: "point", encoding: {} } as const;
    await expect(renderSvg(spec as never)).rejects.toThrow(/refusing to load/);
  });
});
