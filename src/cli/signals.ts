/**
 * SIGINT and SIGTERM while results are being written: put back any previous folder a swap had moved
 * aside, remove this process's temporaries, say so in one line and exit 130 / 143 (128 + the
 * signal's number, as shells do). The handlers are installed only while temporaries exist: during
 * a plain simulation nothing is on disk and the default action stops the process at once (a
 * handler would wait until the simulation yields). A sweep keeps its points' temporary folder for
 * its whole length, so there a signal takes effect when the point this thread is running ends.
 */
import { liveTemporaries, onTemporaries, undoLiveTemporaries } from "../report/atomic-dir.js";
import { outputMessage } from "../messages.js";

const EXIT_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/** Installs the handlers (once a temporary exists) for this process; `err` prints the closing line. */
export function cleanUpOnSignals(err: (text: string) => void): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    undoLiveTemporaries();
    err(`p2psim: ${outputMessage.interrupted(signal)}\n`);
    process.exit(EXIT_CODES[signal] ?? 1);
  };
  let installed = false;
  const update = (count: number): void => {
    if (count > 0 && !installed) {
      process.on("SIGINT", handler);
      process.on("SIGTERM", handler);
      installed = true;
    } else if (count === 0 && installed) {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
      installed = false;
    }
  };
  const stop = onTemporaries(update);
  update(liveTemporaries().remove.length);
  return () => {
    stop();
    update(0);
  };
}
