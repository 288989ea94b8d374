export * from "./units.js";
export * from "./event-queue.js";
export * from "./simulator.js";
export * from "./random.js";
export * from "./fifo.js";
export * from "./delay-line.js";
export * from "./probe.js";
export * from "./double.js";
