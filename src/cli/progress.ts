/**
 * A run's progress on stderr (a sweep's is sweep-progress.ts). Runs print a
 * line every few seconds whether or not stderr is a terminal (a CI log or `nohup` file shows that a
 * long run is alive, how far it is and about how long is left); `--quiet` turns it off.
 */
import type { RunProgress, WatchOptions } from "../run/watch.js";
import { runMessage } from "../run/messages.js";

/** A run's progress lines (`label: variant p2p: simulated 12.5 ms, 40.0 % done, about 30 s left`) for `watch.onProgress`; nothing when quiet. */
export function progressLines(label: string, err: (text: string) => void, quiet: boolean, everyMs = 5000): Pick<WatchOptions, "onProgress" | "progressEveryMs"> {
  if (quiet) return {};
  return {
    progressEveryMs: everyMs,
    onProgress: (p: RunProgress) => {
      const eta = p.fraction > 0 ? (p.elapsedMs * (1 - p.fraction)) / p.fraction / 1000 : undefined;
      err(`${runMessage.progress(label, p.variant, p.simulatedPs, p.fraction, eta)}\n`);
    },
  };
}
