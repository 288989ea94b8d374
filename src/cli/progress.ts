/**
 * A progress bar on stderr for long runs and sweeps (cli-progress), shown only when stderr is a
 * terminal, so pipes, files and CI logs stay clean.
 */
import { SingleBar, Presets } from "cli-progress";

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function progressBar(label: string, total: number): Progress {
  if (!process.stderr.isTTY || total <= 1) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ stream: process.stderr, format: `${label} [{bar}] {value}/{total} {eta_formatted}`, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}
