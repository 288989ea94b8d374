/** `--max-wall` and `--max-sim-time`, read once for `run` (see src/run/watch.ts). */
import { parseTime, parseWallTimeMs } from "../scenario/quantity.js";
import { optionValue } from "./options.js";
import type { WatchOptions } from "../run/watch.js";

/** The limits the options give (times with units: `600s`, `50ms`). */
export function runLimits(maxWall: string | undefined, maxSimTime: string | undefined): Pick<WatchOptions, "maxWallMs" | "maxSimPs"> {
  return {
    ...(maxWall !== undefined ? { maxWallMs: optionValue("max-wall", maxWall, parseWallTimeMs) } : {}),
    ...(maxSimTime !== undefined ? { maxSimPs: optionValue("max-sim-time", maxSimTime, parseTime) } : {}),
  };
}
