import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PngRenderer, renderSvg, throughputChart, writeResults } from "../../src/report/index.js";
import { fixtureArtifacts } from "./fixture.js";
import { darkPixels, readPng } from "./png-pixels.js";
import { removeDir, tempDir } from "./helpers.js";

describe("PNG charts", () => {
  const root = tempDir();
  beforeAll(async () => {
    await writeResults(join(root, "r"), fixtureArtifacts());
  });
  afterAll(() => removeDir(root));

  it("draw their text with the shipped font: many more dark pixels than the same chart drawn without it", async () => {
    const svg = await renderSvg(throughputChart(fixtureArtifacts()));
    const withText = darkPixels(readPng(new PngRenderer().render(svg)));
    const withoutText = darkPixels(readPng(new PngRenderer({ text: false }).render(svg)));
    expect(withText).toBeGreaterThan(withoutText * 2 + 2000);
  });

  it("are written at a readable width with text on them", () => {
    for (const name of ["throughput", "latency-percentiles", "latency-cdf", "link-utilization", "dram-iommu"]) {
      const png = readPng(readFileSync(join(root, "r", "charts", `${name}.png`)));
      expect(png.width, name).toBeGreaterThanOrEqual(800);
      expect(png.width, name).toBeLessThanOrEqual(2000);
      expect(darkPixels(png), name).toBeGreaterThan(3000);
    }
  });
});
