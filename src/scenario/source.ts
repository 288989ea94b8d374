/**
 * Reading scenario text safely: a bounded read of a regular file, UTF-8 (a byte-order mark is
 * dropped) or UTF-16 (decoded), a YAML 1.2 parse with a source map, and one walk of the document
 * that finds every duplicate key (with both lines), key that would reach an object's prototype
 * (`__proto__`, `constructor`, `prototype`), nesting past the depth limit and alias past the alias
 * limit, before any value is built. Nothing here recurses on the document, so no input can
 * overflow the stack.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { limitValue } from "./limits.js";
import { scenarioMessage } from "./messages.js";
import { throwProblems, type FieldProblem, type SourceLines } from "./problems.js";

/** Keys that would reach `Object.prototype` when data is merged or set: refused everywhere. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export interface ScenarioSource {
  data: unknown;
  lines: SourceLines;
}

/** Reads a file as scenario text; throws a ScenarioError naming `where` when it is not a readable regular text file within the size limit. */
export function readScenarioText(path: string, where: string): string {
  const fail = (message: string): never => throwProblems(where, [{ path: "", message }]) as never;
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    return fail(scenarioMessage.cannotRead((error as NodeJS.ErrnoException).code ?? "error"));
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return fail(scenarioMessage.notRegularFile(stat.isDirectory() ? "a folder" : stat.isCharacterDevice() || stat.isBlockDevice() ? "a device" : "a pipe or socket"));
    const limit = limitValue("fileBytes");
    if (stat.size > limit) return fail(scenarioMessage.tooLarge(stat.size));
    // Read at most limit + 1 bytes, whatever the size says (files under /proc claim 0 bytes).
    const buffer = Buffer.alloc(Math.min(limit + 1, Math.max(stat.size, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > limit) return fail(scenarioMessage.tooLarge(length));
    // Old Mac line ends (a lone CR) as line ends too: YAML takes them, but the parser here saw one
    // line, a comment, and called the file empty. CRLF becomes LF alike; the lines count the same.
    return decodeText(buffer.subarray(0, length), where).replace(/\r\n?/g, "\n");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    return fail(scenarioMessage.cannotRead((error as NodeJS.ErrnoException).code!));
  } finally {
    closeSync(fd);
  }
}

/** Bytes to text: UTF-8 with or without a byte-order mark, or UTF-16 with one (or with its NULs showing it). */
export function decodeText(bytes: Uint8Array, where: string): string {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (le || be) return utf16(bytes.subarray(2), be);
  if (bytes.length >= 2 && bytes.includes(0)) {
    // UTF-16 without a mark: ASCII text has a NUL in every other byte.
    if (bytes[1] === 0 && bytes[0] !== 0) return utf16(bytes, false);
    if (bytes[0] === 0 && bytes[1] !== 0) return utf16(bytes, true);
    throwProblems(where, [{ path: "", message: scenarioMessage.binary() }]);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return throwProblems(where, [{ path: "", message: scenarioMessage.notUtf8() }]) as never;
  }
}

function utf16(bytes: Uint8Array, bigEndian: boolean): string {
  const copy = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  if (bigEndian) copy.swap16();
  return new TextDecoder("utf-16le").decode(copy);
}

/**
 * Parses YAML (or JSON) text into plain data with a source map; every problem of the text at once
 * as a ScenarioError naming `where`. Keys are checked before values are built, so an alias bomb or
 * a `__proto__` key never reaches the data.
 */
export function parseScenarioSource(text: string, where: string): ScenarioSource {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, prettyErrors: false, version: "1.2", keepSourceTokens: false });
  const lineAt = (offset: number | undefined): number | undefined => (offset === undefined ? undefined : counter.linePos(offset).line);
  const lines = sourceLines(doc, lineAt);
  const problems: FieldProblem[] = [];
  for (const error of doc.errors) {
    const line = lineAt(error.pos[0]);
    const message =
      error.code === "RESOURCE_EXHAUSTION"
        ? scenarioMessage.tooDeep()
        : error.code === "MULTIPLE_DOCS"
          ? scenarioMessage.multipleDocuments()
          : scenarioMessage.notYaml(error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, ""));
    problems.push({ path: "", message, line });
    if (error.code === "RESOURCE_EXHAUSTION") break;
  }
  if (problems.length === 0) problems.push(...walk(doc, lineAt));
  if (problems.length > 0) throwProblems(where, problems, lines);
  let data: unknown;
  try {
    // The library's own guard bounds what aliases expand to (few aliases can still nest into billions of nodes).
    data = doc.toJS({ maxAliasCount: limitValue("aliases") });
  } catch (error) {
    const text = (error as Error).message;
    const name = /^Unresolved alias[^:]*: (.*)$/.exec(text)?.[1];
    const message = name !== undefined ? scenarioMessage.undefinedAlias(name) : /Excessive alias count/.test(text) ? scenarioMessage.aliasExpansion() : scenarioMessage.notYaml(text);
    throwProblems(where, [{ path: "", message }]);
  }
  return { data, lines };
}

/** Looks fields up in the document, from the root down: linear in the path's depth and in the keys of each mapping on the way. */
function sourceLines(doc: Document, lineAt: (offset: number | undefined) => number | undefined): SourceLines {
  return {
    lineOf(path: string): number | undefined {
      let node: unknown = doc.contents;
      let line: number | undefined;
      for (const segment of path.split(".")) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
          if (pair === undefined) break;
          line = lineAt((pair.key as Node).range?.[0]) ?? line;
          node = pair.value;
        } else if (isSeq(node)) {
          const item = node.items[Number(segment)] as Node | undefined;
          if (item === undefined || !/^\d+$/.test(segment)) break;
          line = lineAt(item.range?.[0]) ?? line;
          node = item;
        } else {
          break;
        }
      }
      return line;
    },
  };
}

/** One pass over the document's nodes with an explicit stack: keys, depth and aliases. */
function walk(doc: Document, lineAt: (offset: number | undefined) => number | undefined): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const maxDepth = limitValue("depth");
  const maxAliases = limitValue("aliases");
  let aliases = 0;
  const stack: Array<{ node: unknown; path: string; depth: number }> = [{ node: doc.contents, path: "", depth: 0 }];
  const join = (path: string, key: string | number) => (path === "" ? String(key) : `${path}.${key}`);
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (isAlias(node)) {
      if (++aliases === maxAliases + 1) problems.push({ path, message: scenarioMessage.tooManyAliases() });
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= maxDepth) {
      problems.push({ path, message: scenarioMessage.tooDeep() });
      continue;
    }
    if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: join(path, i), depth: depth + 1 }));
      continue;
    }
    const seen = new Map<string, number | undefined>();
    for (const pair of node.items) {
      if (!isScalar(pair.key)) {
        problems.push({ path, message: scenarioMessage.nonScalarKey(), line: lineAt((pair.key as Node | null)?.range?.[0]) });
        continue;
      }
      const key = String(pair.key.value);
      const line = lineAt((pair.key as Node).range?.[0]);
      if (FORBIDDEN_KEYS.has(key)) problems.push({ path: join(path, key), message: scenarioMessage.forbiddenKey(key) });
      else if (seen.has(key)) problems.push({ path: join(path, key), message: scenarioMessage.duplicateKey(key, seen.get(key) ?? 0), line });
      else seen.set(key, line);
      stack.push({ node: pair.value, path: join(path, key), depth: depth + 1 });
    }
  }
  return problems;
}

/**
 * Problems of plain data given directly (the library's objects and overrides): keys that would
 * reach an object's prototype, nesting past the depth limit. One pass with an explicit stack.
 */
export function plainDataProblems(data: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const maxDepth = limitValue("depth");
  // Paths are built only for a problem, from each frame's parent and key.
  interface Frame {
    value: unknown;
    depth: number;
    key: string;
    parent: Frame | undefined;
  }
  const pathOf = (frame: Frame, key?: string): string => {
    const parts = key === undefined ? [] : [key];
    for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) parts.push(f.key);
    return parts.reverse().join(".");
  };
  const stack: Frame[] = [{ value: data, depth: 0, key: "", parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const value = frame.value;
    if (typeof value !== "object" || value === null) continue;
    if (frame.depth >= maxDepth) {
      problems.push({ path: pathOf(frame), message: scenarioMessage.tooDeep() });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) problems.push({ path: pathOf(frame, key), message: scenarioMessage.forbiddenKey(key) });
      else {
        const child = (value as Record<string, unknown>)[key];
        if (typeof child === "object" && child !== null) stack.push({ value: child, depth: frame.depth + 1, key, parent: frame });
      }
    }
  }
  return problems;
}
