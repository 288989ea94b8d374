/** What every `p2psim` verb provides, and where it writes. */

/** Output channels, so commands run the same in a terminal and in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** Runs the command; returns the exit code (0 ok, 2 bad input). Throws `UsageError` for bad input. */
  run(argv: readonly string[], io: Io): number | Promise<number>;
}
