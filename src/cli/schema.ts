/** `p2psim schema`: the JSON Schema of scenario files, for editor completion and checking. */
import { z } from "zod";
import { Scenario } from "../scenario/scenario-schema.js";
import { parseOptions, type OptionSpec } from "./options.js";
import type { Command, Io } from "./command.js";

const OPTIONS = { help: { type: "boolean", short: "h", default: false } } as const satisfies OptionSpec;

const HELP = `p2psim schema: print the JSON Schema of scenario files

Usage: p2psim schema > p2psim.schema.json

Point your editor at it (e.g. a "# yaml-language-server: $schema=p2psim.schema.json" line at the
top of a scenario) to get completion, descriptions and defaults for every field.
`;

/** The scenario file's JSON Schema (what users write: quantities as strings with units). */
export function scenarioJsonSchema(): unknown {
  return { title: "p2psim scenario", ...z.toJSONSchema(Scenario, { io: "input", unrepresentable: "any" }) };
}

export const schemaCommand: Command = {
  name: "schema",
  summary: "print the JSON Schema of scenario files",
  run(argv: readonly string[], io: Io): number {
    const { values: v } = parseOptions(argv, OPTIONS);
    if (v.help) {
      io.out(HELP);
      return 0;
    }
    io.out(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    return 0;
  },
};
