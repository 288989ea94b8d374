/**
 * Every message a user can see, in one place (after vega-lite's log/message.ts). Each says what
 * is wrong with the value and what is allowed; the caller prefixes where the value came from
 * (`--mps: `, or `scenario.yaml: fabric.2.link: `).
 */

/** Characters a terminal would act on rather than show: controls (ESC, CR, DEL, C1), format characters (bidi overrides, zero-width), line and paragraph separators, lone surrogates. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r" };

/**
 * `text` with every character a terminal would act on escaped as JSON escapes it (`\u001b` for ESC,
 * `\n` for a newline), so a value quoted into a message shows what it holds and cannot move the
 * cursor, recolour the screen or reorder the line.
 * @example printable("4\x1b[31mKiB") // "4\\u001b[31mKiB"
 */
export function printable(text: string): string {
  return text.replace(NOT_PRINTABLE, (ch) => SHORT_ESCAPES[ch] ?? [...Array(ch.length).keys()].map((i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`).join(""));
}

/** A value a user gave, in single quotes, made printable: every message quotes user values through this. */
export function quoted(value: string): string {
  return `'${printable(value)}'`;
}

export const message = {
  badLink: (value: string) =>
    `${quoted(value)} is not a PCIe link; allowed: gen1..gen6 with x1, x2, x4, x8 or x16 (e.g. gen4x16)`,
  badSize: (value: string) =>
    `${quoted(value)} is not a size; use a positive whole number of bytes with an optional unit B, KiB, MiB, GiB, TiB, KB, MB, GB or TB (e.g. 4KiB)`,
  sizeTooLarge: (value: string) => `${quoted(value)} is too large; a size is at most 2^53 - 1 bytes (about 8 PiB)`,
  numberTooLarge: (value: string) => `${quoted(value)} is too large; the number is past what a double holds (about 1.8e308)`,
  badTime: (value: string) =>
    `${quoted(value)} is not a time; use a non-negative number with a unit ps, ns, us (or µs), ms or s (e.g. 250ns)`,
  timeTooLong: (value: string) =>
    `${quoted(value)} is longer than the simulated clock counts: at most 2^53 ps (about 9007 s, 2.5 hours)`,
  badRate: (value: string) =>
    `${quoted(value)} is not a rate; use a positive number with a unit: bytes KB/s, MB/s, GB/s, TB/s, KiB/s, MiB/s, GiB/s, TiB/s, or bits Kb/s, Mb/s, Gb/s, Tb/s (also written Kbit/s .. Tbit/s) (e.g. 12GB/s)`,
  notOneOf: (value: string, allowed: readonly (string | number)[]) => `${quoted(value)} is not one of ${allowed.join(", ")}`,
  notWholeNumber: (value: string, min: number, max: number) => `${quoted(value)} is not a whole number from ${min} to ${max}`,
  notSeed: (value: string) => `${quoted(value)} is not a seed: a whole number from -(2^53 - 1) to 2^53 - 1, as the scenario's seed: takes`,
  notNumber: (value: string, min: number, max: number) => `${quoted(value)} is not a number from ${min} to ${max}`,
  emptyList: (value: string, allowed: string) => `${quoted(value)} is an empty list; give ${allowed}, separated by commas`,
  emptyListItem: (value: string, allowed: string) => `${quoted(value)} has an empty item; give ${allowed}, separated by single commas`,
  notMultiple: (value: string, unit: number, max: number) => `${quoted(value)} is not a multiple of ${unit} B up to ${max} B`,
  needsValue: (option: string) => `${option}: needs a value`,
  unknownOption: (option: string, known: readonly string[]) => `unknown option ${quoted(option)}; options: ${known.join(", ")}`,
  unexpectedArgument: (value: string) => `unexpected argument ${quoted(value)}`,
  unknownCommand: (name: string, known: readonly string[]) => `unknown command ${quoted(name)}; commands: ${known.join(", ")}`,
  notPositiveTime: (value: string) => `${quoted(value)} is not a positive time, e.g. 100us`,
  sweepWindowWidened: (points: number, total: number, max: number, example: string) =>
    `warning: the window: of ${points} of ${total} points would cut their runs into more than ${max} windows; each doubled until its run fits, and each point's windowNs says the width used (${printable(example)})`,
  /** `what`: `--window 1ns`, or the scenario's `window: 1ns`. */
  windowWidened: (what: string, max: number, used: string) =>
    `warning: ${printable(what)} would cut the run into more than ${max} windows; used ${used} (the window doubled until the run fits)`,
  traceEmptyWindow: (from: string, to: string) =>
    `--trace-from ${printable(from)} is not before --trace-to ${printable(to)}; the trace keeps what starts from --trace-from up to, not including, --trace-to`,
  traceAfterEnd: (from: string, end: string) =>
    `warning: --trace-from ${printable(from)} is not before the run's end (${end}); the trace holds no TLPs`,
  needsTrace: (option: string) => `--${option}: only applies with --trace FILE; add --trace FILE or drop --${option}`,
  tooManyPoints: (sizes: number, ops: number, max: number) =>
    `--size: ${sizes} sizes x ${ops} operation${ops === 1 ? "" : "s"} make ${sizes * ops} points; at most ${max} (a typo in a list should not start hours of simulation)`,
  bandwidthMaxWall: (limitMs: number, done: number, total: number) =>
    `stopped by --max-wall ${limitMs / 1000} s after ${done} of ${total} points; nothing was printed (raise --max-wall, or give fewer sizes or a smaller --tlps)`,
  bandwidthProgress: (done: number, total: number, etaS: number) => `bandwidth: ${done} of ${total} points done, about ${Math.ceil(etaS)} s left`,
  traceOneFile: () => "--trace: give one scenario file (the trace is one file)",
  cannotWrite: (option: string, file: string, code: string | undefined) => `${option}: cannot write ${file} (${code ?? "error"})`,
  reportNeedsFolder: () => "give one results folder, e.g. p2psim report results/default",
  summaryUnreadable: (file: string, code: string | undefined) => `${file}: ${code !== undefined ? `cannot read it (${code})` : "not valid JSON"}`,
  summaryTooLarge: (file: string, limit: number) => `${file}: more than ${limit / 2 ** 20} MiB, too large for a run's summary (a device such as /dev/zero?); give a results folder of p2psim run`,
  notASummary: (file: string) => `${file}: not a p2psim summary (no variants)`,
  topoMatrixCut: (endpoints: number, limit: number, raiseHint: string, shown: number) =>
    `${endpoints} endpoints, more than the topo matrix limit of ${limit}${raiseHint}: the matrix shows only the ${shown} the workloads move data between`,
  creditLimitTooSmall: (where: string, name: string, value: number, min: number, mps: number) =>
    `${where}: credit limit ${name} ${value} must be a whole number >= ${min} (room for one TLP at MPS ${mps})`,
} as const;

/** An error in what the user gave us (an option, a file, a field): shown as one line, exit 2. */
export class UsageError extends Error {
  constructor(text: string) {
    super(text);
    this.name = "UsageError";
  }
}

/** Messages about where results go (`--out`) and about stopping early; each one line, exit 2 (or 130/143 for a signal). */
export const outputMessage = {
  kernelFs: (out: string, root: string) => `--out ${printable(out)}: is under ${root}, a kernel file system, not a place for results; choose a folder on a disk`,
  notFolder: (out: string, file: string) => `--out ${printable(out)}: ${quoted(file)} is a file, not a folder (ENOTDIR); choose another path`,
  nameTooLong: (out: string) => `--out ${printable(out)}: a name in the path is longer than 255 bytes or the path longer than 4095 (ENAMETOOLONG); choose a shorter path`,
  cannotWrite: (out: string, code: string) => `--out ${printable(out)}: cannot write there (${code}): ${DISK_CAUSES[code] ?? "the file system refused"}; nothing was written, any previous results are unchanged`,
  empty: () => `--out: give a folder (it was empty)`,
  holdsCurrentFolder: (out: string) => `--out ${printable(out)}: is the current folder or holds it; results replace the whole folder, so choose a folder of their own (say results/NAME)`,
  notResults: (out: string, foreign: readonly string[]) =>
    `--out ${printable(out)}: holds ${foreign.length === 1 ? "an entry" : `${foreign.length} entries`} p2psim did not write (${foreign.slice(0, 3).map((e) => quoted(e)).join(", ")}${foreign.length > 3 ? ", ..." : ""}); results replace the whole folder, so choose a new or empty folder, or one that holds only earlier results`,
  interrupted: (signal: string) => `interrupted (${signal}); temporaries removed, any previous results are unchanged`,
} as const;

/** What a file-system error code means for someone writing results. */
const DISK_CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  EACCES: "permission denied",
  EPERM: "the operation is not permitted",
  EROFS: "the file system is read-only",
  ENOTDIR: "a part of the path is a file, not a folder",
  ENAMETOOLONG: "a name in the path is too long",
  EISDIR: "a folder is in the way",
  EEXIST: "something is in the way",
  EIO: "the disk reported an I/O error",
};
