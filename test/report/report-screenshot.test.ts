/**
 * report.html in a real browser: headless Chromium (Debian's `chromium` package; .ci/run installs
 * it) opens the report at 1400 px wide, runs its scripts (vega-embed draws the charts), and we read
 * back the layout and a screenshot. Without chromium on PATH the test is skipped, saying so, unless
 * P2PSIM_REQUIRE_CHROMIUM is set (CI), where a missing browser fails it.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseScenario, run } from "../../src/run/library.js";
import { writeResults } from "../../src/report/write-results.js";

const found = spawnSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).stdout.trim();
const required = process.env.P2PSIM_REQUIRE_CHROMIUM !== undefined;
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--allow-file-access-from-files", "--virtual-time-budget=10000"];
const WIDTH = 1400;

const SCENARIO = `name: shot
description: one NIC writing into an SSD's CMB under one switch, and reading host memory
fabric:
  - { id: rp0, type: root-port, hostBridge: hb0 }
  - { id: sw0, type: switch, parent: rp0, link: gen4x16, latency: 105ns }
  - { id: nic0, type: endpoint, parent: sw0, link: gen4x16, dma: { mps: 256B, mrrs: 512B, tags: 64 }, media: { rate: 12.5GB/s } }
  - { id: nvme0, type: endpoint, parent: sw0, link: gen4x4, bar: { size: 64MiB, bandwidth: 8GB/s }, media: { rate: 6GB/s, writeRate: 3GB/s } }
workloads:
  - { name: nic-to-ssd-with-a-long-name-to-stretch-tables, from: nic0, to: nvme0, size: 2MiB, io: 128KiB, queueDepth: 4 }
  - { name: host-reads, from: s0, to: nic0, size: 1MiB, io: 4KiB, queueDepth: 16, workingSet: 16MiB }
compare: [p2p, bounce, auto]
`;

/** A script run after the charts are drawn: the page's layout, written into the title for --dump-dom. */
const PROBE = `<script>setTimeout(function () {
  var root = document.documentElement;
  var first = document.querySelector("h2");
  var verdict = document.getElementById("verdict").getBoundingClientRect();
  var charts = document.querySelectorAll(".chart svg").length;
  document.title = "layout " + JSON.stringify({ scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, firstHeading: first.textContent, verdictTop: verdict.top, charts: charts, errors: document.querySelectorAll(".chart-error").length });
}, 3000);</script>`;

describe.skipIf(found === "" && !required)(`report.html in headless Chromium${found === "" ? " (skipped: no chromium on PATH; apt-get install chromium)" : ""}`, () => {
  it("fits a 1400 px window without horizontal scrolling, opens with the verdict and draws every chart", async () => {
    expect(found, "chromium is required here (P2PSIM_REQUIRE_CHROMIUM); apt-get install chromium").not.toBe("");
    const dir = mkdtempSync(join(tmpdir(), "p2psim-shot-"));
    const artifacts = run(parseScenario(SCENARIO));
    await writeResults(join(dir, "out"), artifacts, { png: false });
    const page = join(dir, "out", "probe.html");
    copyFileSync(join(dir, "out", "report.html"), page);
    appendFileSync(page, PROBE);
    const dom = spawnSync(found, [...FLAGS, `--window-size=${WIDTH},1000`, "--dump-dom", `file://${page}`], { encoding: "utf8", timeout: 90_000 });
    const title = /<title>layout ([^<]*)<\/title>/.exec(dom.stdout)?.[1];
    expect(title, `no layout read back; chromium said: ${dom.stderr.slice(0, 500)}`).toBeDefined();
    const layout = JSON.parse(title!.replace(/&quot;/g, '"')) as { scrollWidth: number; clientWidth: number; firstHeading: string; verdictTop: number; charts: number; errors: number };
    expect(layout.scrollWidth).toBeLessThanOrEqual(WIDTH);
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    expect(layout.firstHeading).toMatch(/^Verdict/);
    expect(layout.verdictTop).toBeLessThan(250);
    expect(layout.errors).toBe(0);
    expect(layout.charts).toBe(7);

    // The screenshot itself: 1400 px wide, and not blank.
    const shot = join(dir, "shot.png");
    spawnSync(found, [...FLAGS, `--window-size=${WIDTH},1400`, `--screenshot=${shot}`, `file://${join(dir, "out", "report.html")}`], { timeout: 90_000 });
    const png = readFileSync(shot);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(WIDTH);
    expect(png.length).toBeGreaterThan(50_000);
    writeFileSync(join(dir, "where.txt"), shot);
  }, 240_000);
});
