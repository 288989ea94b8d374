/** `p2psim report DIR`: print an existing results folder's report as text or Markdown. */
import { CAPTURE_LIMIT_BYTES, readBounded } from "../scenario/import/read-bounded.js";
import { join } from "node:path";
import { UsageError, message } from "../messages.js";
import { textReport, type TextFormat } from "../report/text-report.js";
import { summaryProblem } from "../report/summary-schema.js";
import { reportMessage } from "../report/messages.js";
import { oneOfStrings, optionValue, parseOptions, type OptionSpec } from "./options.js";
import type { Command, Io } from "./command.js";
import type { Summary } from "../contract.js";

const OPTIONS = {
  format: { type: "string", default: "text" },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies OptionSpec;

const HELP = `p2psim report: print a results folder's report

Usage: p2psim report DIR [--format text|markdown]

Reads DIR/summary.json (written by p2psim run) and prints the report p2psim run --format
prints: a header with the version, the scenario digest and the word "simulated", the topology,
flows x variants with GB/s, p99 and the bottleneck, why each flow is bound, what Linux would
decide for each P2P pair, and the command that reproduces the run. Text lines are at most 72
columns, for mailing lists; markdown is for issue trackers.

Options:
  --format F   text (default) or markdown
  -h, --help   this text

Example:
  p2psim report results/default --format markdown
`;

export const reportCommand: Command = {
  name: "report",
  summary: "print a results folder's report as text (72 columns) or Markdown",
  async run(argv: readonly string[], io: Io): Promise<number> {
    const { values: v, positionals } = parseOptions(argv, OPTIONS, true);
    if (v.help) {
      io.out(HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(message.reportNeedsFolder());
    const format = optionValue("format", v.format, oneOfStrings(["text", "markdown"] as const));
    const file = join(positionals[0]!, "summary.json");
    // Bounded: a summary.json that is a link to /dev/zero or a pipe that never ends is refused in one line.
    const text = readBounded(file, CAPTURE_LIMIT_BYTES, message.summaryTooLarge).toString("utf8");
    let summary: Summary;
    try {
      summary = JSON.parse(text) as Summary;
    } catch {
      throw new UsageError(message.summaryUnreadable(file, undefined));
    }
    if (typeof summary !== "object" || summary === null || !Array.isArray(summary.variants)) throw new UsageError(message.notASummary(file));
    const problem = summaryProblem(summary);
    if (problem !== undefined) throw new UsageError(reportMessage.summaryProblem(file, problem));
    io.out(textReport(summary, format as TextFormat));
    return 0;
  },
};
