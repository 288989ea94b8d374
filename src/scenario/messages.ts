/**
 * Every message about a scenario file, in one place: what is wrong and what is allowed. The caller
 * prefixes where (`FILE:LINE: field.path: `). Limits come from limits.ts, so a message names the
 * limit and how to raise it.
 */
import { didYouMean as didYouMeanText } from "./did-you-mean.js";
import { printable, quoted } from "../messages.js";
import { MAX_TREE_DEPTH } from "../topology/check.js";
import { LIMITS, limitValue, raiseHint, type LimitName } from "./limits.js";

/** A value as a user wrote it: strings quoted, numbers YAML cannot give as JSON as YAML writes them (`.nan`, `.inf`), the rest as JSON (cut short). */
export function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? ".nan" : value > 0 ? ".inf" : "-.inf";
  if (typeof value === "string") return quoted(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  const text = JSON.stringify(value) ?? String(value);
  return printable(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/** What kind of YAML value this is, in the words a YAML user knows. */
export function kindOf(value: unknown): string {
  if (value === null) return "null (an empty value)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return "text";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return typeof value;
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: "text",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  int: "a whole number",
};

/** YAML 1.1 booleans that YAML 1.2 (and p2psim) reads as text. */
export const YAML11_BOOLEANS: Readonly<Record<string, boolean>> = { yes: true, no: false, on: true, off: false, y: true, n: false };

function limitText(name: LimitName): string {
  const limit = LIMITS[name];
  return `${limit.name} limit of ${limitValue(name)} ${limit.unit}${raiseHint(name)}`;
}

export const scenarioMessage = {
  // Reading the file.
  cannotRead: (code: string) => `cannot read it (${code}); give a readable scenario file`,
  notRegularFile: (what: string) => `is ${what}, not a regular file; give a .yaml or .json scenario file`,
  tooLarge: (bytes: number) => `${bytes} bytes is over the ${limitText("fileBytes")}`,
  binary: () => `holds NUL bytes: not a text file (UTF-16 without a byte-order mark?); save it as UTF-8`,
  notUtf8: () => `is not UTF-8 text; save it as UTF-8`,
  notYaml: (what: string) => `not valid YAML or JSON: ${what}`,
  multipleDocuments: () => `holds more than one YAML document (a '---' line); keep one scenario per file`,
  notMapping: (value: unknown) => `${value === null ? "the file is empty" : `the file holds ${kindOf(value)}`}; a scenario is a mapping (name:, fabric:, workloads:, ...)`,
  duplicateKey: (key: string, firstLine: number) => `${quoted(key)} is given twice (first on line ${firstLine}); YAML keeps only one, so remove or rename one of them`,
  tooDeep: () => `nested deeper than the ${limitText("depth")}; a scenario needs far fewer levels`,
  tooManyAliases: () => `more aliases (*name) than the ${limitText("aliases")} (an alias bomb expands exponentially)`,
  aliasExpansion: () => `aliases expand past the ${limitText("aliases")} (an alias bomb: each level multiplies the one before); write the values out`,
  undefinedAlias: (name: string) => `alias *${name} has no anchor &${name} before it; define the anchor first`,
  forbiddenKey: (key: string) => `${quoted(key)} is not allowed as a key (it would change how every object behaves); rename it`,
  nonScalarKey: () => `a key must be plain text; lists and mappings are not allowed as keys`,
  // extends.
  extendsNotText: (value: unknown) => `${shown(value)} is not a file name; give a preset, e.g. platforms/intel-icx.yaml`,
  extendsNotFound: (name: string, places: readonly string[]) => `${quoted(name)} is not found in ${places.join(" or ")}`,
  extendsOutside: (name: string, places: readonly string[]) => `${quoted(name)} is outside the scenario's folder and the preset library; presets may only come from ${places.join(" or ")}`,
  extendsCycle: (chain: readonly string[]) => `the presets extend each other in a circle: ${chain.join(" -> ")}`,
  extendsTooDeep: () => `presets extend presets more than ${limitText("extendsDepth")} deep`,
  sweepNotMapping: (value: unknown) => `${value === null ? "the value is empty" : `${shown(value)} is ${kindOf(value)}`}; a sweep is a mapping of field path -> values (a list, or a range { from, to, factor or step }), e.g. sweep: { workloads.0.io: [4KiB, 64KiB] }`,
  sweepAxisShape: (value: unknown) => `${shown(value)} is ${kindOf(value)}; a sweep axis takes a list of values (e.g. [4KiB, 64KiB]) or a range (e.g. { from: 4KiB, to: 1MiB, factor: 2 })`,
  sweepBound: (value: unknown) =>
    typeof value === "number" && !Number.isFinite(value) ? scenarioMessage.notFinite(value, "a number, or a size, time or rate with its unit (e.g. 4KiB)")
    : `${shown(value)} is ${kindOf(value)}; expected a number, or a size, time or rate with its unit (e.g. 4KiB)`,
  extendsInSet: () => `'extends' can only be given in the file (presets are merged before --set edits); set the fields themselves, or write a file that extends the preset`,
  extendsInSweep: () => `'extends' cannot be a sweep axis (presets are merged before the sweep runs); sweep the fields themselves`,
  // Schema.
  required: (what: string | undefined) => `required${what ? `: ${what}` : ""}`,
  wrongType: (value: unknown, expected: string) =>
    value === null ? `the value is empty; expected ${EXPECTED[expected] ?? expected} (or leave the key out for its default)`
    : typeof value === "number" && !Number.isFinite(value) ? scenarioMessage.notFinite(value, EXPECTED[expected] ?? expected)
    : `${shown(value)} is ${kindOf(value)}; expected ${EXPECTED[expected] ?? expected}`,
  notFinite: (value: number, expected: string) => `${shown(value)} is not a finite number${value === Infinity ? " (YAML reads a number past about 1.8e308 as .inf)" : ""}; expected ${expected}`,
  quantityForNumber: (value: string, kind: string, inModelUnit: string, description: string | undefined) =>
    `${shown(value)} is ${kind}, but a plain number is expected here${description ? ` (${description})` : ""}; ${value.trim()} is ${inModelUnit}`,
  yaml11Boolean: (value: string) => `${quoted(value)} is text here: YAML 1.2, which p2psim reads, has only true and false (yes/no/on/off were YAML 1.1); write ${YAML11_BOOLEANS[value.toLowerCase()] ? "true" : "false"}`,
  unknownKey: (key: string, known: readonly string[], hint: string) => `unknown field ${quoted(key)}; fields here: ${known.join(", ")}${hint}`,
  notOneOf: (value: unknown, allowed: readonly unknown[], hint: string) => `${shown(value)} is not one of ${allowed.map(String).join(", ")}${hint}`,
  badType: (value: unknown, allowed: readonly unknown[], hint: string) => `type ${shown(value)} is not one of ${allowed.map(String).join(", ")}${hint}`,
  tooFewItems: (minimum: number) => `needs at least ${minimum} ${minimum === 1 ? "entry" : "entries"}; the list is empty`,
  tooSmall: (value: unknown, minimum: number | bigint, inclusive: boolean) => `${shown(value)} is too small; allowed: ${inclusive ? ">=" : ">"} ${minimum}`,
  tooBig: (value: unknown, maximum: number | bigint, inclusive: boolean) => `${shown(value)} is too large; allowed: ${inclusive ? "<=" : "<"} ${maximum}`,
  notWhole: (value: unknown) => `${shown(value)} is not a whole number`,
  noneOf: (value: unknown, choices: readonly string[]) => `${shown(value)} is none of: ${choices.join("; or ")}`,
  // Limits and references.
  tooManyNodes: (count: number) => `${count} nodes is over the ${limitText("fabricNodes")}`,
  tooManyPoints: (count: number) => `${count} points is over the ${limitText("sweepPoints")}`,
  tooManyValues: () => `the range gives more values than the ${limitText("sweepPoints")}`,
  unknownReference: (value: string, what: string, plural: string, known: readonly string[]) =>
    `${quoted(value)} is not ${what}; ${known.length > 0 ? `${plural} here: ${list(known)}${hintFor(value, known)}` : `there are no ${plural} here`}`,
  usedTwice: (id: string, firstPath: string) => `${quoted(id)} is used twice (first at ${firstPath}); ids must be distinct`,
  cycle: (ids: readonly string[]) => `the parents form a cycle (${ids.join(" -> ")} -> ${ids[0]}); every chain must end at a root port`,
  rootPortChildren: (id: string, children: readonly string[]) => `root port ${quoted(id)} has one link, but ${children.join(", ")} name it as parent; put a switch under it`,
  treeTooDeep: (id: string, levels: number) => `${quoted(id)} sits ${levels} levels deep, past the tree depth limit ${MAX_TREE_DEPTH} (each switch level takes at least two of a PCI segment's 256 bus numbers)`,
  // Semantic.
  ioOverSize: (io: number, size: number) => `one I/O of ${io} B is larger than the ${size} B the workload moves; make io at most size`,
  chunkOverIo: (chunk: number, io: number) => `a chunk of ${chunk} B is larger than one I/O of ${io} B; make chunk at most io`,
  tooSlow: (what: string, years: string) => `${what} would need about ${years} of simulated time, past the ${LIMITS.simulatedPs.name} the clock holds exactly (2^53 ps, about 2.5 hours); move less data or raise the rate`,
  tooManyTlps: (count: number) => `about ${count.toExponential(1)} TLPs would be simulated, over the ${limitText("events")}`,
  p99OutOfRange: (p99Ps: number, meanPs: number, maxRatio: number) =>
    `${nsText(p99Ps)} with a mean latency of ${nsText(meanPs)}: a lognormal's p99 must be above its mean and at most ${maxRatio.toFixed(2)}x it; give a latency (the mean) below ${nsText(p99Ps)} and at least ${nsText(Math.ceil(p99Ps / maxRatio))}`,
  absurdRate: (value: number, what: string) => `${value} ${what} is too small to simulate (a TLP would take longer than the clock can count); give at least 1 per second`,
  unknownPort: (id: string, known: readonly string[]) => `${quoted(id)} is not a root port or switch; ports here: ${list(known)}${hintFor(id, known)}`,
} as const;

function hintFor(value: string, known: readonly string[]): string {
  return didYouMeanText(value, known);
}

/** Up to 12 names, then how many more. */
function list(names: readonly string[]): string {
  return printable(names.length <= 12 ? names.join(", ") : `${names.slice(0, 12).join(", ")} and ${names.length - 12} more`);
}

/** A time in ps as ns, to the picosecond: `334.036ns`. */
function nsText(ps: number): string {
  return `${Math.round(ps) / 1000}ns`;
}
