import { describe, expect, it } from "vitest";
import { PngRenderer, renderSvg, runCharts } from "../../src/report/index.js";
import { fixtureArtifacts } from "./fixture.js";

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

  it("refuses to load data from anywhere: charts draw only what their spec inlines", async () => {
    const spec = { name: "remote", data: { url: "https://example.invalid/data.json" }, mark: "point", encoding: {} } as const;
    await expect(renderSvg(spec as never)).rejects.toThrow(/refusing to load/);
  });
});
