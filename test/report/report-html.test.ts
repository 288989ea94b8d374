import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vendorScripts, writeResults } from "../../src/report/index.js";
import { fixtureArtifacts } from "./fixture.js";
import { removeDir, tempDir } from "./helpers.js";

describe("report.html", () => {
  const root = tempDir();
  let html = "";
  beforeAll(async () => {
    await writeResults(join(root, "r"), fixtureArtifacts(), { png: false });
    html = readFileSync(join(root, "r", "report.html"), "utf8");
  });
  afterAll(() => removeDir(root));

  it("loads no script, style or image from the network", () => {
    expect(html).not.toMatch(/<script[^>]*\ssrc\s*=/i);
    expect(html).not.toMatch(/<link[^>]*\shref\s*=/i);
    expect(html).not.toMatch(/\s(src|href)\s*=\s*["']?(https?:)?\/\//i);
  });

  it("inlines the vega, vega-lite and vega-embed builds in load order", () => {
    const vendor = vendorScripts();
    expect(vendor.map((v) => v.name)).toEqual(["vega", "vega-lite", "vega-embed"]);
    const at = vendor.map((v) => html.indexOf(v.code.slice(0, 5000)));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(html).toContain("/* vega 6.4.0 */");
    expect(html).toContain("/* vega-lite 6.4.3 */");
  });

  it("embeds every chart spec and draws each with vega-embed", () => {
    const json = /<script type="application\/json" id="p2psim-specs">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const specs = JSON.parse(json) as Array<{ name: string }>;
    expect(specs.map((s) => s.name)).toEqual(["throughput", "latency-percentiles", "latency-cdf", "link-utilization", "dram-iommu"]);
    for (const s of specs) expect(html).toContain(`id="chart-${s.name}"`);
    expect(html).toContain("vegaEmbed(target, spec");
  });

  it("is titled by the scenario and its description", () => {
    expect(html).toContain("<title>p2psim: fixture-nvmeof</title>");
    expect(html).toContain("<h1>fixture-nvmeof</h1>");
    expect(html).toContain("NIC -&gt; SSD and SSD -&gt; GPU, P2P vs bounce (hand-made)");
  });

  it("tabulates flows with route, kernel decision, reason and warning, escaped", () => {
    expect(html).toContain("nvme0 -&gt; s0 DRAM, then &quot;copy&quot; -&gt; gpu0");
    expect(html).toContain("NOT_SUPPORTED");
    expect(html).toContain("ACS P2P redirect on sw0 port 2");
    expect(html).toContain('<span class="warn">p2pdma: cannot be used for peer-to-peer DMA as ACS redirect is set</span>');
    expect(html).toContain('<span class="bad">unsupported</span>: the host bridge does not forward P2P reads');
    expect(html).toContain("<td>sw0-nvme0</td><td>down</td>");
  });
});
