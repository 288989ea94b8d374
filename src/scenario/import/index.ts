/** Importing real machines (lspci, sysfs, NCCL topology XML) as scenarios, and exporting them. */
export * from "./captured-machine.js";
export * from "./lspci.js";
export * from "./to-scenario.js";
export * from "./import-capture.js";
export * from "./sysfs.js";
export * from "./nccl-topo.js";
