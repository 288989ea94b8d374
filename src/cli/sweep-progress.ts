/**
 * The sweep's progress bar on stderr (cli-progress): points done of the total, the rate and the
 * time left, counting only points run now (not those reused from an earlier run). When stderr is
 * not a terminal (a log file, CI, nohup) a line at most every few seconds instead, so a long sweep
 * shows it is alive; `--quiet` turns both off.
 */
import { Presets, SingleBar } from "cli-progress";
import { runMessage } from "../run/messages.js";

export interface SweepProgress {
  /** Called once with how many points were already done (verified) and how many in all. */
  start(already: number, total: number): void;
  update(done: number, total: number): void;
  stop(): void;
}

/** Seconds as `1h02m`, `4m05s` or `12s`. */
export function shortDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

export function sweepProgress(label: string, stream: NodeJS.WriteStream = process.stderr, options: { quiet?: boolean; everyMs?: number } = {}): SweepProgress {
  if (options.quiet) return { start: () => undefined, update: () => undefined, stop: () => undefined };
  if (!stream.isTTY) return progressLines(label, stream, options.everyMs ?? 5000);
  const bar = new SingleBar({ stream, format: `${label} [{bar}] {value}/{total} points, {rate}, ETA {left}`, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  let began = 0;
  let first = 0;
  let running = false;
  const payload = (done: number, total: number) => {
    const seconds = (Date.now() - began) / 1000;
    const perSecond = (done - first) / Math.max(seconds, 1e-3);
    return { rate: done > first ? `${perSecond >= 1 ? perSecond.toFixed(1) : (60 * perSecond).toFixed(1)} points/${perSecond >= 1 ? "s" : "min"}` : "- points/s", left: done > first ? shortDuration((total - done) / perSecond) : "?" };
  };
  return {
    start: (already, total) => {
      began = Date.now();
      first = already;
      running = true;
      bar.start(total, already, payload(already, total));
    },
    update: (done, total) => {
      if (running) bar.update(done, payload(done, total));
    },
    stop: () => {
      if (running) bar.stop();
      running = false;
    },
  };
}

/** Without a terminal: a line at most every `everyMs` (points done, time left), none at the end. */
function progressLines(label: string, stream: NodeJS.WriteStream, everyMs: number): SweepProgress {
  let began = 0;
  let first = 0;
  let reported = 0;
  return {
    start: (already) => {
      began = reported = Date.now();
      first = already;
    },
    update: (done, total) => {
      const now = Date.now();
      if (now - reported < everyMs || done >= total) return;
      reported = now;
      const left = done > first ? ((now - began) * (total - done)) / (done - first) / 1000 : undefined;
      stream.write(`${runMessage.sweepProgress(label, done, total, left)}\n`);
    },
    stop: () => undefined,
  };
}
