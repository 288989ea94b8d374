/**
 * Progress on stderr. Sweeps show a bar (cli-progress) when stderr is a terminal and a line every
 * few seconds (points done, time left) when it is not. Runs print a
 * line every few seconds whether or not stderr is a terminal (a CI log or `nohup` file shows that a
 * long run is alive, how far it is and about how long is left); `--quiet` turns both off.
 */
import { SingleBar, Presets } from "cli-progress";
import type { RunProgress, WatchOptions } from "../run/watch.js";
import { runMessage } from "../run/messages.js";

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function progressBar(label: string, total: number, quiet = false, everyMs = 5000): Progress {
  if (quiet || total <= 1) return { update: () => undefined, stop: () => undefined };
  if (!process.stderr.isTTY) {
    // No terminal (a log file, CI): a line at most every few seconds, with the time left.
    const started = Date.now();
    let reported = started;
    return {
      update: (done) => {
        const now = Date.now();
        if (now - reported < everyMs || done >= total) return;
        reported = now;
        process.stderr.write(`${runMessage.sweepProgress(label, done, total, done > 0 ? ((now - started) * (total - done)) / done / 1000 : undefined)}\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({ stream: process.stderr, format: `${label} [{bar}] {value}/{total} {eta_formatted}`, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}

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
