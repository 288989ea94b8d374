/**
 * The `p2psim` command: dispatch to a verb, and turn errors into one line and an exit code.
 * Bad input (a `UsageError`) prints `p2psim VERB: what is wrong` and exits 2, never a stack trace.
 */
import { packageVersion } from "../package-root.js";
import { UsageError, message, printable } from "../messages.js";
import type { Command, Io } from "./command.js";

/**
 * The verbs, each loaded only when used: `check` or `bandwidth` then start without loading the
 * report's charting libraries, and `sweep` can start its workers before it loads them itself.
 */
const COMMANDS: ReadonlyArray<{ name: string; load: () => Promise<Command> }> = [
  { name: "run", load: async () => (await import("./run.js")).runCommand },
  { name: "sweep", load: async () => (await import("./sweep.js")).sweepCommand },
  { name: "check", load: async () => (await import("./check.js")).checkCommand },
  { name: "topo", load: async () => (await import("./topo.js")).topoCommand },
  { name: "schema", load: async () => (await import("./schema.js")).schemaCommand },
  { name: "bandwidth", load: async () => (await import("./bandwidth.js")).bandwidthCommand },
  { name: "import", load: async () => (await import("./import.js")).importCommand },
  { name: "export", load: async () => (await import("./export.js")).exportCommand },
  { name: "report", load: async () => (await import("./report.js")).reportCommand },
];



async function help(): Promise<string> {
  const commands = await Promise.all(COMMANDS.map((c) => c.load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n");
  return `p2psim: a TLP-level performance model of PCIe peer-to-peer DMA versus bounce through host DRAM

Usage: p2psim <command> [options]     (p2psim <command> --help for a command's options)

Commands:
${list}

Examples:
  p2psim run                                   the built-in default scenario -> results/default/
  p2psim run scenarios/nvmeof-target.yaml
  p2psim check my-box.yaml
  p2psim bandwidth --link gen4x16 --op read --size 64,4KiB --tags 64 --json
`;
}

/** Runs `p2psim` with `argv` (without node and script); returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(await help());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V") {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (command === undefined) throw new UsageError(message.unknownCommand(name, COMMANDS.map((c) => c.name)));
    return await (await command.load()).run(rest, io);
  } catch (error) {
    // Whatever a message quotes (a path, a value), a terminal gets it printable: line by line, so a
    // message of several lines keeps them (messages.ts quotes values; this catches any that do not).
    const shown = (text: string) => text.split("\n").map(printable).join("\n");
    if (error instanceof UsageError) {
      io.err(`p2psim${command ? ` ${command.name}` : ""}: ${shown(error.message)}\n`);
      return 2;
    }
    const text = error instanceof Error ? error.message : String(error);
    io.err(`p2psim${command ? ` ${command.name}` : ""}: internal error: ${shown(text)}\n`);
    if (process.env.P2PSIM_DEBUG && error instanceof Error) io.err(`${error.stack ?? ""}\n`);
    return 1;
  }
}
