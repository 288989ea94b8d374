import { describe, expect, it } from "vitest";
import { applyOverrides, scenarioFromData, withPresets } from "../../src/scenario/load.js";
import { runVariant } from "../../src/run/variant.js";
import { SWITCH_PORT_CREDITS } from "../../src/pcie/credits.js";
import { fileURLToPath } from "node:url";
import { axisLabel, sweepAxes, sweepPoints } from "../../src/scenario/sweep.js";
import { pointData, sweepBase } from "../../src/run/sweep-job.js";
import { loadScenario } from "../../src/scenario/load.js";

/** A NIC writing 8 MiB to host memory through a Gen4 switch; `buffers` for the switch's ports. */
function scenario(switchBuffers?: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    name: "buffers",
    fabric: [
      { id: "rp0", type: "root-port", hostBridge: "hb0" },
      { id: "sw0", type: "switch", parent: "rp0", link: "gen4x16", latency: "500ns", ...(switchBuffers ? { buffers: switchBuffers } : {}) },
      { id: "nic0", type: "endpoint", parent: "sw0", link: "gen4x16", ...extra },
    ],
    workloads: [{ name: "w", from: "nic0", to: "s0", size: "8MiB", io: "128KiB", queueDepth: 16 }],
    compare: ["auto"],
  };
}

describe("receive buffers in scenario files", () => {
  it("turns data buffers into 16 B credits over the port type's defaults", () => {
    const loaded = scenarioFromData(scenario({ postedData: "1KiB", postedHeaders: 8 }), "t.yaml");
    const sw = loaded.topology.nodes.find((n) => n.id === "sw0")!;
    expect(sw.type === "switch" && sw.credits).toEqual({ ...SWITCH_PORT_CREDITS, ph: 8, pd: 64 });
    expect(loaded.topology.nodes.find((n) => n.id === "rp0")!.credits).toBeUndefined();
  });

  it("throttles a flow behind a switch with small posted buffers, which the links show as credit stalls", () => {
    const run = (data: ReturnType<typeof scenario>) => {
      const loaded = scenarioFromData(data, "t.yaml");
      return runVariant(loaded.topology, loaded.workloads, "auto", 1).result;
    };
    const roomy = run(scenario());
    const tight = run(scenario({ postedData: "512B" }));
    expect(tight.flows[0]!.throughputGBps).toBeLessThan(0.5 * roomy.flows[0]!.throughputGBps);
    const stalls = (r: typeof roomy) => r.links.find((l) => l.link === "sw0-nic0" && l.direction === "up")!.creditStallNs;
    expect(stalls(tight)).toBeGreaterThan(stalls(roomy));
  });

  it("refuses a buffer that cannot hold one TLP, and completion buffers on an endpoint", () => {
    expect(() => scenarioFromData(scenario({ postedData: "128B" }), "t.yaml")).toThrow("t.yaml: fabric.1.buffers.postedData: 128 B cannot hold one 256 B TLP (the fabric's MPS)");
    expect(() => scenarioFromData(scenario(undefined, { buffers: { completionData: "4KiB" } }), "t.yaml")).toThrow(
      "t.yaml: fabric.2.buffers: an endpoint's completion buffers are infinite (PCIe requires it); give only posted and non-posted ones",
    );
  });
});

describe("sweep values", () => {
  it("may be lists, so a list field such as disableAcsRedir can be an axis", () => {
    const file = fileURLToPath(new URL("../../scenarios/default.yaml", import.meta.url));
    const axes = sweepAxes({ "platform.kernel.disableAcsRedir": [[], "all"] }, file);
    const points = sweepPoints(axes, file);
    const kernels = points.map((point) => scenarioFromData(pointData({ base: sweepBase(loadScenario(file).raw), where: file, point }), file).topology.kernel.disableAcsRedir);
    expect(kernels).toEqual([[], "all"]);
    expect(points.map((p) => axisLabel(p.settings[0]![1]))).toEqual(["[]", "all"]);
  });

  it("may be a range of plain numbers written with a negative exponent", () => {
    const axes = sweepAxes({ "workloads.0.x": { from: 1e-7, to: 3e-7, step: 1e-7 } }, "t.yaml");
    expect(axes[0]!.values).toEqual([1e-7, 2e-7, 3e-7]);
  });

  it("keeps a range's values below 1e-9 instead of rounding them to 0, and still drops float noise", () => {
    // Rounded to 9 decimals, 1e-10, 2e-10 and 4e-10 all became 0: three points of the same value.
    expect(sweepAxes({ "platform.links.dllpFactor": { from: 1e-10, to: 1e-9, factor: 2 } }, "t.yaml")[0]!.values).toEqual([1e-10, 2e-10, 4e-10, 8e-10]);
    expect(sweepAxes({ "workloads.0.x": { from: 1e-12, to: 3e-12, step: 1e-12 } }, "t.yaml")[0]!.values).toEqual([1e-12, 2e-12, 3e-12]);
    expect(sweepAxes({ "workloads.0.x": { from: 0.1, to: 0.3, step: 0.1 } }, "t.yaml")[0]!.values).toEqual([0.1, 0.2, 0.3]);
  });
});

describe("presets and names", () => {
  const file = fileURLToPath(new URL("../../scenarios/nvme-copy.yaml", import.meta.url));
  const nameless = (): Record<string, unknown> => {
    const { name: _name, ...rest } = loadScenario(file).raw;
    return { ...rest, extends: "platforms/intel-icx.yaml" };
  };

  it("does not give a scenario without a name its preset's name, which would name the results folder", () => {
    const dir = fileURLToPath(new URL("../../scenarios", import.meta.url));
    expect(() => scenarioFromData(withPresets(nameless(), "t.yaml", dir), "t.yaml")).toThrow("t.yaml: name: required: names the results folder (the file's own: a preset's name is not inherited)");
    expect(scenarioFromData(withPresets({ ...nameless(), name: "mine" }, "t.yaml", dir), "t.yaml").scenario.name).toBe("mine");
  });

  it("refuses --set extends=..., which would otherwise be silently ignored", () => {
    expect(() => loadScenario(file, ["extends=platforms/amd-milan.yaml"])).toThrow(
      `${file}: --set: 'extends': 'extends' can only be given in the file (presets are merged before --set edits); set the fields themselves, or write a file that extends the preset`,
    );
    expect(() => applyOverrides(loadScenario(file).raw, { extends: "platforms/amd-milan.yaml" }, file)).toThrow(`${file}: 'extends': 'extends' can only be given in the file`);
  });
});

describe("--set paths and values with control characters", () => {
  const file = fileURLToPath(new URL("../../scenarios/nvme-copy.yaml", import.meta.url));

  it("are shown escaped, so a terminal prints ESC as \\u001b instead of obeying it", () => {
    expect(() => loadScenario(file, ["workloads.7\x1b[2J.io=4KiB"])).toThrow(`${file}: --set: 'workloads.7\\u001b[2J.io' does not lead to a field`);
    expect(() => loadScenario(file, ["\x1b]0;title\x07"])).toThrow(`${file}: --set: '\\u001b]0;title\\u0007' is not path=value`);
    expect(() => loadScenario(file, ["workloads.0.io=4\x1b[31mKiB"])).toThrow(`${file}: workloads.0.io: '4\\u001b[31mKiB' is not a size`);
  });
});

describe("a sweep given with --set", () => {
  const file = fileURLToPath(new URL("../../scenarios/nvme-copy.yaml", import.meta.url));

  it("says a sweep is a mapping of field path -> values when given a list", () => {
    expect(() => loadScenario(file, ["sweep=[1,2]"])).toThrow(
      `${file}: sweep: [1,2] is a list; a sweep is a mapping of field path -> values (a list, or a range { from, to, factor or step }), e.g. sweep: { workloads.0.io: [4KiB, 64KiB] }`,
    );
  });

  it("names the field of a range that is wrong, not the whole axis", () => {
    expect(() => loadScenario(file, ["sweep={ workloads.0.io: { from: 4KiB, to: 1MiB, step: .nan } }"])).toThrow(`${file}: sweep.workloads.0.io.step: .nan is not a finite number; expected a number`);
    expect(() => loadScenario(file, ["sweep={ workloads.0.io: { from: 4KiB, to: 1MiB, step: 4KiB } }"])).toThrow(
      `${file}: sweep.workloads.0.io.step: '4KiB' is a size, but a plain number is expected here (added to each value, in the model's unit of from: bytes for a size, ps for a time, GB/s for a rate); 4KiB is 4096 bytes`,
    );
  });
});

describe("line ends in scenario files", () => {
  it("reads old Mac line ends (a lone CR) as LF and CRLF do, errors on the same line numbers", async () => {
    // Until December 2026 a CR-only file was one comment line to the loader: "the file is empty".
    const { mkdtempSync, readFileSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "p2psim-line-ends-"));
    const text = readFileSync(fileURLToPath(new URL("../../scenarios/nvme-copy.yaml", import.meta.url)), "utf8");
    const broken = text.replace("queueDepth: 16", "queueDepth: -16");
    expect(broken).not.toBe(text);
    const messages: string[] = [];
    for (const [name, end] of [["lf", "\n"], ["crlf", "\r\n"], ["cr", "\r"]] as const) {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, text.replaceAll("\n", end));
      expect(loadScenario(file).scenario.name).toBe("nvme-copy");
      writeFileSync(file, broken.replaceAll("\n", end));
      try {
        loadScenario(file);
        messages.push("ok");
      } catch (error) {
        messages.push((error as Error).message.replace(file, "FILE"));
      }
    }
    expect(messages[0]).toMatch(/^FILE:\d+: workloads\.0\.queueDepth:/);
    expect(messages).toEqual([messages[0], messages[0], messages[0]]);
  });
});
