/** `p2psim check`: validate scenario files without running them. */
import { loadScenario } from "../scenario/load.js";
import { planSweep } from "../run/sweep.js";
import { UsageError } from "../messages.js";
import { parseOptions, type OptionSpec } from "./options.js";
import type { Command, Io } from "./command.js";

const OPTIONS = {
  set: { type: "string", multiple: true, default: [] },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies OptionSpec;

const HELP = `p2psim check: validate scenario files, writing nothing

Usage: p2psim check FILE... [--set path=value]...

Runs every check \`run\` and \`sweep\` would, including every sweep point's resolved scenario.
Each problem is one line: FILE:LINE: field.path: what is wrong; what is allowed. Exit 0 when
every file is valid, 2 otherwise.

Examples:
  p2psim check scenarios/default.yaml
  p2psim check my-box.yaml --set workloads.0.queueDepth=64
`;

export const checkCommand: Command = {
  name: "check",
  summary: "validate scenario files (nothing is run or written)",
  run(argv: readonly string[], io: Io): number {
    const { values: v, positionals } = parseOptions(argv, OPTIONS, true);
    if (v.help) {
      io.out(HELP);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError("give a scenario file to check, e.g. p2psim check scenarios/default.yaml");
    const problems: string[] = [];
    for (const file of positionals) {
      try {
        const s = loadScenario(file, v.set);
        // What `sweep` would check too: every point's resolved scenario.
        const points = s.scenario.sweep === undefined ? undefined : planSweep(s).points.length;
        io.out(`${file}: ok (${s.scenario.fabric.length} fabric nodes, ${s.workloads.length} workloads, variants ${s.variants.map((v) => v.name).join(", ")}${points === undefined ? "" : `, ${points} sweep points`})\n`);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        problems.push(error.message);
      }
    }
    if (problems.length > 0) throw new UsageError(problems.join("\n"));
    return 0;
  },
};
