/**
 * Command-line option parsing on node:util's `parseArgs`, with our own one-line errors: every
 * message names the option and says what is allowed.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError, message } from "../messages.js";
import { parseSize } from "../scenario/quantity.js";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** What `parseOptions` gives back: node:util's parseArgs result for these options. */
export type ParsedOptions<T extends OptionSpec> = ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean }>>;

/** Parses `argv` against `options`; throws `UsageError` for unknown options or missing values. */
export function parseOptions<T extends OptionSpec>(argv: readonly string[], options: T, allowPositionals = false): ParsedOptions<T> {
  // `--size -1` would read as two options; pass such values as `--size=-1` so they reach our checks.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const spec = arg.startsWith("--") ? options[arg.slice(2)] : undefined;
    const next = argv[i + 1];
    if (spec?.type === "string" && next !== undefined && next.startsWith("-")) {
      args.push(`${arg}=${next}`);
      i++;
    } else {
      args.push(arg);
    }
  }
  try {
    return parseArgs({ args, options, strict: true as const, allowPositionals });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const text = error instanceof Error ? error.message : String(error);
    const name = /'(-[^' ]+)/.exec(text)?.[1] ?? "";
    const known = Object.keys(options).map((o) => `--${o}`);
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(message.unknownOption(name, known));
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(message.needsValue(name.split(" ")[0]!));
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") throw new UsageError(message.unexpectedArgument(/'([^']*)'/.exec(text)?.[1] ?? ""));
    throw new UsageError(text.split("\n")[0]!);
  }
}

/** Runs `parse` on an option's value, prefixing any `UsageError` with the option's name. */
export function optionValue<T>(option: string, text: string, parse: (text: string) => T): T {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`--${option}: ${error.message}`);
    throw error;
  }
}

/**
 * A comma-separated list option: each item read by `parse`. An empty list or an empty item
 * (`--op ''`, `--size 4KiB,,8KiB`, a trailing comma) is refused; `allowed` says what the items may be.
 */
export function listOf<T>(parse: (text: string) => T, allowed: string) {
  return (text: string): T[] => {
    const items = text.split(",").map((s) => s.trim());
    if (items.every((s) => s.length === 0)) throw new UsageError(message.emptyList(text, allowed));
    if (items.some((s) => s.length === 0)) throw new UsageError(message.emptyListItem(text, allowed));
    return items.map(parse);
  };
}

/** A whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^\s*\d+\s*$/.test(text) || value < min || value > max) throw new UsageError(message.notWholeNumber(text, min, max));
    return value;
  };
}

/**
 * A seed (`--seed`): any whole number the scenario file's `seed:` takes, -(2^53 - 1) to 2^53 - 1
 * (the safe integers; the random streams are seeded with its decimal text, so each gives its own).
 */
export function seedNumber(text: string): number {
  const value = Number(text);
  if (!/^\s*-?\d+\s*$/.test(text) || !Number.isSafeInteger(value)) throw new UsageError(message.notSeed(text));
  return value + 0; // -0 is seed 0
}

/** A number from `min` to `max`. */
export function numberIn(min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === "" || !(value >= min && value <= max)) throw new UsageError(message.notNumber(text, min, max));
    return value;
  };
}

/** One of `allowed` (numbers, written as plain integers or sizes such as `4KiB`). */
export function oneOfNumbers<T extends number>(allowed: readonly T[]) {
  return (text: string): T => {
    const value = /^\s*\d+(?:[a-z]+)?\s*$/i.test(text) ? Number(parseSizeOrNaN(text)) : NaN;
    if (!(allowed as readonly number[]).includes(value)) throw new UsageError(message.notOneOf(text, allowed));
    return value as T;
  };
}

/** One of `allowed` (strings). */
export function oneOfStrings<T extends string>(allowed: readonly T[]) {
  return (text: string): T => {
    if (!(allowed as readonly string[]).includes(text)) throw new UsageError(message.notOneOf(text, allowed));
    return text as T;
  };
}

function parseSizeOrNaN(text: string): number {
  try {
    return parseSize(text);
  } catch {
    return NaN;
  }
}
