/**
 * The calibration cases: published measurements of real machines, each with the scenario that
 * models its machine (test/calibration/cases/*.yaml), the flows whose throughputs add up to the
 * measured figure, and whether the figure was used to fit a preset value (`fitted`, naming the
 * value) or is a prediction the model was not built from. The pcie-bench figures are read from the
 * copy of its data in test/fixtures/pcie-bench (Apache-2.0).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface CalibrationCase {
  id: string;
  /** Scenario file in test/calibration/cases/ (without .yaml). */
  scenario: string;
  /** Flows of the scenario's first variant whose throughputs are summed. */
  flows: string[];
  /** What was measured: the figure in GB/s (1e9 B/s), converted from the published unit where it differs. */
  measuredGBps: number;
  /** The figure as published, with its unit. */
  published: string;
  /** "fitted: <preset value>" when this figure set that value; otherwise a prediction. */
  fitted?: string;
  /** Where it was published. */
  source: string;
}

/** GiB/s (what early RVS builds printed as "GBps") to GB/s. */
const gib = (value: number) => (value * 2 ** 30) / 1e9;
/** MiB/s (what CUDA 8's bandwidthTest printed as "MB/s") to GB/s. */
const mib = (value: number) => (value * 2 ** 20) / 1e9;

/** One row of pcie-bench's bandwidth sweep, Gb/s, by test and size. */
function pcieBench(test: "BW_DMA_RD" | "BW_DMA_WR", size: number): number {
  const csv = readFileSync(fileURLToPath(new URL("../fixtures/pcie-bench/bw_dma_sz_sweep.csv", import.meta.url)), "utf8");
  const row = csv
    .split("\n")
    .map((line) => line.split(","))
    .find((cells) => cells[0] === test && Number(cells[6]) === size);
  if (row === undefined) throw new Error(`no ${test} row of ${size} B in the pcie-bench data`);
  return Number(row[11]);
}

const PCIE_BENCH = "pcie-bench data (github.com/pcie-bench/data), Neugebauer et al., SIGCOMM 2018";
const RVS427 = "github.com/ROCm/ROCmValidationSuite/issues/427";
const GEARSHIFFT = "github.com/mpicbg-scicomp/gearshifft/pull/82";
const STELLINE = "github.com/luigifcruz/stelline, hardware/asus-esc8000a-e12.md";
const RTX6KPRO = "github.com/voipmonitor/rtx6kpro, hardware/pcie-bandwidth.md";

const bench = (id: string, flow: string, test: "BW_DMA_RD" | "BW_DMA_WR", size: number, fitted?: string): CalibrationCase => {
  const gbits = pcieBench(test, size);
  return { id, scenario: "pcie-bench-hsw", flows: [flow], measuredGBps: gbits / 8, published: `${gbits.toFixed(2)} Gb/s`, source: PCIE_BENCH, ...(fitted ? { fitted } : {}) };
};

export const CASES: readonly CalibrationCase[] = [
  bench("pcie-bench Gen3 x8 DMA read, 2 KiB", "read-2048", "BW_DMA_RD", 2048, "platform.links.dllpFactor (all presets)"),
  bench("pcie-bench Gen3 x8 DMA read, 512 B", "read-512", "BW_DMA_RD", 512),
  bench("pcie-bench Gen3 x8 DMA read, 1.5 KiB", "read-1536", "BW_DMA_RD", 1536),
  bench("pcie-bench Gen3 x8 DMA write, 512 B", "write-512", "BW_DMA_WR", 512),
  bench("pcie-bench Gen3 x8 DMA write, 1 KiB", "write-1024", "BW_DMA_WR", 1024),
  bench("pcie-bench Gen3 x8 DMA write, 2 KiB", "write-2048", "BW_DMA_WR", 2048),
  { id: "P100 host-to-device, local socket (Haswell-era)", scenario: "gearshifft-p100-hsw", flows: ["h2d-local"], measuredGBps: mib(12150.7), published: "12150.7 MiB/s", source: GEARSHIFFT },
  { id: "P100 device-to-host, local socket (Haswell-era)", scenario: "gearshifft-p100-hsw", flows: ["d2h-local"], measuredGBps: mib(12890.6), published: "12890.6 MiB/s", source: GEARSHIFFT },
  { id: "P100 host-to-device, remote socket (Haswell-era)", scenario: "gearshifft-p100-hsw", flows: ["h2d-remote"], measuredGBps: mib(3783.4), published: "3783.4 MiB/s", fitted: "intel-hsw remoteReads", source: GEARSHIFFT },
  { id: "P100 device-to-host, remote socket (Haswell-era)", scenario: "gearshifft-p100-hsw", flows: ["d2h-remote"], measuredGBps: mib(2539.2), published: "2539.2 MiB/s", fitted: "intel-hsw interconnect.io.writeEfficiency", source: GEARSHIFFT },
  { id: "MI25 P2P one way, Haswell", scenario: "rvs427-mi25-hsw", flows: ["one-way"], measuredGBps: 8.172626, published: "8.172626 GB/s", fitted: "intel-hsw p2p.bandwidth", source: RVS427 },
  { id: "MI25 P2P both ways, Haswell", scenario: "rvs427-mi25-hsw", flows: ["both-0to1", "both-1to0"], measuredGBps: 14.970914, published: "14.970914 GB/s", fitted: "intel-hsw p2p.sharedBandwidth", source: RVS427 },
  { id: "MI25 P2P one way, EPYC 7261 (Naples)", scenario: "rvs427-mi25-naples", flows: ["one-way"], measuredGBps: gib((7.056 + 7.03) / 2), published: "7.056 and 7.030 GiB/s", fitted: "amd-naples p2p.bandwidth", source: RVS427 },
  { id: "MI25 P2P both ways, EPYC 7261 (Naples)", scenario: "rvs427-mi25-naples", flows: ["both-0to1", "both-1to0"], measuredGBps: gib((11.901 + 12.081) / 2), published: "11.901 and 12.081 GiB/s", fitted: "amd-naples p2p.sharedBandwidth", source: RVS427 },
  { id: "MI25 host-to-device, local socket (Skylake-SP)", scenario: "rvs289-mi25-skx", flows: ["h2d-local"], measuredGBps: gib(12.562), published: "12.562 GiB/s", source: "github.com/ROCm/ROCmValidationSuite/issues/289" },
  { id: "MI25 host-to-device, remote socket (Skylake-SP)", scenario: "rvs289-mi25-skx", flows: ["h2d-remote"], measuredGBps: gib(12.567), published: "12.567 GiB/s", fitted: "intel-skx remoteReads (a lower bound)", source: "github.com/ROCm/ROCmValidationSuite/issues/289" },
  { id: "RTX 6000 Ada host-to-device (Genoa, Gen4)", scenario: "stelline-ada-genoa", flows: ["h2d"], measuredGBps: 26.8, published: "26.8 GB/s", source: STELLINE },
  { id: "RTX 6000 Ada device-to-host (Genoa, Gen4)", scenario: "stelline-ada-genoa", flows: ["d2h"], measuredGBps: 26.3, published: "26.3 GB/s", source: STELLINE },
  { id: "RTX 6000 Ada P2P one way, NODE (Genoa)", scenario: "stelline-ada-genoa", flows: ["node-one-way"], measuredGBps: 26.32, published: "26.32-26.33 GB/s", source: STELLINE },
  { id: "RTX 6000 Ada P2P both ways, NODE (Genoa)", scenario: "stelline-ada-genoa", flows: ["node-0to1", "node-1to0"], measuredGBps: 52.11, published: "52.10-52.12 GB/s", source: STELLINE },
  { id: "RTX 6000 Ada P2P one way, SYS (Genoa)", scenario: "stelline-ada-genoa", flows: ["sys-one-way"], measuredGBps: 26.32, published: "26.32-26.33 GB/s", source: STELLINE },
  { id: "RTX 6000 Ada P2P both ways, SYS (Genoa)", scenario: "stelline-ada-genoa", flows: ["sys-0to2", "sys-2to0"], measuredGBps: 52.11, published: "52.10-52.12 GB/s", source: STELLINE },
  { id: "RTX PRO 6000 P2P one way, one socket (Genoa, Gen5)", scenario: "rtx6kpro-genoa-gen5", flows: ["node-one-way"], measuredGBps: 54, published: "~54 GB/s", source: RTX6KPRO },
  { id: "RTX PRO 6000 P2P both ways, one socket (Genoa, Gen5)", scenario: "rtx6kpro-genoa-gen5", flows: ["node-0to1", "node-1to0"], measuredGBps: 103, published: "~103 GB/s", source: RTX6KPRO },
  { id: "RTX PRO 6000 P2P one way, across sockets (Genoa, Gen5)", scenario: "rtx6kpro-genoa-gen5", flows: ["sys-one-way"], measuredGBps: 39, published: "~39 GB/s", fitted: "amd-genoa interconnect.bandwidth", source: RTX6KPRO },
  { id: "RTX PRO 6000 P2P between switches on two root complexes (Turin, Gen5)", scenario: "rtx6kpro-turin-switches", flows: ["node-one-way"], measuredGBps: 56.3, published: "56.3 GB/s", source: "github.com/voipmonitor/rtx6kpro, hardware/asrockrack-turin-cpayne-16gpu.md" },
  { id: "A40 P2P both ways, one socket (Rome)", scenario: "nccltests74-a40-rome", flows: ["node-0to1", "node-1to0"], measuredGBps: (49.45 + 50.39) / 2, published: "49.45-50.39 GB/s", source: "github.com/NVIDIA/nccl-tests/issues/74" },
  { id: "A40 P2P both ways, across sockets (Rome)", scenario: "nccltests74-a40-rome", flows: ["sys-0to4", "sys-4to0"], measuredGBps: (39.22 + 41.55) / 2, published: "39.22-41.55 GB/s", fitted: "amd-rome interconnect.bandwidth", source: "github.com/NVIDIA/nccl-tests/issues/74" },
  { id: "RX 7900 XTX host-to-device (Rome, Gen4)", scenario: "rbt2253-7900xtx-rome", flows: ["h2d"], measuredGBps: 28.41, published: "28.411 GB/s", source: "github.com/ROCm/legacy-rocm-build/issues/2253" },
  { id: "RX 7900 XTX device-to-host (Rome, Gen4)", scenario: "rbt2253-7900xtx-rome", flows: ["d2h"], measuredGBps: 29.01, published: "29.013 GB/s", source: "github.com/ROCm/legacy-rocm-build/issues/2253" },
  {
    id: "4 Gen5 NVMe SSDs into an H100, P2P through the root complex (Sapphire Rapids)",
    scenario: "aisio-nvme-h100-spr",
    flows: ["ssd0-to-gpu", "ssd1-to-gpu", "ssd2-to-gpu", "ssd3-to-gpu"],
    measuredGBps: 45.2,
    published: "45.2 GB/s of payload",
    source: "github.com/xnvme/aisio, docs/src/experiments/pcie_saturation.md",
  },
  { id: "RTX 4090 P2P one way (Sapphire Rapids, Gen4)", scenario: "tinygrad26-4090-spr", flows: ["one-way"], measuredGBps: 20, published: "about 20 GB/s", source: "github.com/tinygrad/open-gpu-kernel-modules/issues/26" },
];

/** Most a simulated figure may differ from the measured one. */
export const TOLERANCE = 0.1;
