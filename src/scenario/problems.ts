/**
 * Problems found in a scenario, and the error that carries all of them. A problem is a field path
 * and what is wrong with it; it is shown as `FILE:LINE: field.path: what is wrong; what is
 * allowed`, with the line from the YAML's source map when the path is in the file.
 */
import { printable, UsageError } from "../messages.js";

export interface FieldProblem {
  /** Dotted field path (`fabric.2.link`); empty for the whole file. */
  path: string;
  message: string;
  /** The line, when the finder knows it better than the path does (the second of two duplicate keys). */
  line?: number | undefined;
}

/** Where fields are in the file a scenario came from. */
export interface SourceLines {
  /** The line of the field at `path`, or of its nearest ancestor written in the file; undefined when none is. */
  lineOf(path: string): number | undefined;
}

export interface LocatedProblem extends FieldProblem {
  file: string;
}

/** One problem as a line: `FILE:LINE: path: message`, with anything a terminal would act on escaped (a key, a file name, a YAML parser's excerpt). */
export function problemLine(p: LocatedProblem): string {
  return printable(`${p.file}${p.line !== undefined ? `:${p.line}` : ""}: ${p.path === "" ? "" : `${p.path}: `}${p.message}`);
}

/**
 * Every problem of a scenario, in file order (those without a line last): the tool's own error
 * for bad scenarios, a `UsageError`, so the CLI prints it and exits 2.
 */
export class ScenarioError extends UsageError {
  readonly problems: readonly LocatedProblem[];
  constructor(problems: readonly LocatedProblem[]) {
    const sorted = [...problems].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    super(sorted.map(problemLine).join("\n"));
    this.name = "ScenarioError";
    this.problems = sorted;
  }
}

/** Throws a ScenarioError for `problems` (deduplicated) of `file`, located with `lines`; nothing when there are none. */
export function throwProblems(file: string, problems: readonly FieldProblem[], lines?: SourceLines): void {
  if (problems.length === 0) return;
  const seen = new Set<string>();
  const located: LocatedProblem[] = [];
  for (const p of problems) {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const line = p.line ?? (p.path === "" ? undefined : lines?.lineOf(p.path));
    located.push({ path: p.path, message: p.message, file, ...(line !== undefined ? { line } : {}) });
  }
  throw new ScenarioError(located);
}
