/**
 * A small XML reader and writer for NCCL's topology files: elements with attributes and nothing
 * else (no text content, no namespaces, no DTDs), which is all NCCL reads and writes
 * (src/graph/xml.cc). The reader also takes an `<?xml ...?>` declaration, comments and the five
 * predefined entities; anything else is a `UsageError` naming the line and what was expected.
 * Written here rather than taken from npm: the format is this small, and errors need our lines.
 */
import { UsageError } from "../../messages.js";
import { importError } from "./messages.js";

export interface XmlElement {
  readonly name: string;
  /** Attributes in document order. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** Line of the element's start tag (1-based). */
  readonly line: number;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const NAME = /[A-Za-z_][\w.:-]*/y;

/** Parses the one root element of `text`. */
export function parseXml(text: string, file: string): XmlElement {
  let at = 0;
  let line = 1;
  const fail = (what: string): never => {
    throw new UsageError(importError.xml(file, line, what));
  };
  const advance = (to: number) => {
    for (let i = at; i < to; i++) if (text.charCodeAt(i) === 10) line++;
    at = to;
  };
  const skipSpace = () => {
    const m = /\s*/y;
    m.lastIndex = at;
    m.exec(text);
    advance(m.lastIndex);
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (text.startsWith("<!--", at)) {
        const end = text.indexOf("-->", at + 4);
        if (end < 0) fail("a comment that is never closed (-->)");
        advance(end + 3);
      } else if (text.startsWith("<?", at)) {
        const end = text.indexOf("?>", at + 2);
        if (end < 0) fail("a declaration that is never closed (?>)");
        advance(end + 2);
      } else return;
    }
  };
  const name = (what: string): string => {
    NAME.lastIndex = at;
    const m = NAME.exec(text);
    if (!m) fail(`expected ${what}, found '${text.slice(at, at + 20).split("\n")[0]}'`);
    advance(NAME.lastIndex);
    return m![0];
  };

  const element = (): XmlElement => {
    const startLine = line;
    if (text[at] !== "<") fail(`expected '<', found '${text.slice(at, at + 20).split("\n")[0]}'`);
    advance(at + 1);
    const tag = name("an element name");
    const attributes = new Map<string, string>();
    for (;;) {
      skipSpace();
      if (text.startsWith("/>", at)) {
        advance(at + 2);
        return { name: tag, attributes, children: [], line: startLine };
      }
      if (text[at] === ">") {
        advance(at + 1);
        break;
      }
      if (at >= text.length) fail(`<${tag}> is cut short: expected '>' or '/>'`);
      const key = name(`an attribute name or '>' in <${tag}>`);
      skipSpace();
      if (text[at] !== "=") fail(`expected '=' after ${key} in <${tag}>`);
      advance(at + 1);
      skipSpace();
      const quote = text[at];
      if (quote !== '"' && quote !== "'") fail(`expected a quoted value for ${key} in <${tag}>`);
      const end = text.indexOf(quote!, at + 1);
      if (end < 0) fail(`the value of ${key} in <${tag}> is never closed`);
      if (attributes.has(key)) fail(`${key} appears twice in <${tag}>`);
      attributes.set(key, decode(text.slice(at + 1, end), fail));
      advance(end + 1);
    }
    const children: XmlElement[] = [];
    for (;;) {
      skipMisc();
      if (at >= text.length) fail(`<${tag}> (line ${startLine}) is never closed`);
      if (text.startsWith("</", at)) {
        advance(at + 2);
        const closing = name(`</${tag}>`);
        if (closing !== tag) fail(`expected </${tag}> (opened on line ${startLine}), found </${closing}>`);
        skipSpace();
        if (text[at] !== ">") fail(`expected '>' to close </${tag}>`);
        advance(at + 1);
        return { name: tag, attributes, children, line: startLine };
      }
      if (text[at] !== "<") fail(`text inside <${tag}>: NCCL's topology has elements only, found '${text.slice(at, at + 20).split("\n")[0]}'`);
      children.push(element());
    }
  };

  skipMisc();
  if (at >= text.length) fail("expected an element such as <system version=\"1\">, found nothing");
  const root = element();
  skipMisc();
  if (at < text.length) fail(`expected the end after </${root.name}>, found '${text.slice(at, at + 20).split("\n")[0]}'`);
  return root;
}

function decode(value: string, fail: (what: string) => never): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|\w+);|&/gi, (all, entity: string | undefined) => {
    if (entity === undefined) return fail(`a bare '&' in an attribute value (write &amp;)`);
    if (entity.startsWith("#x") || entity.startsWith("#X")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? fail(`unknown entity ${all}`);
  });
}

/** Writes an element tree as NCCL's dump does: two spaces per level, `/>` for an element without children. */
export function writeXml(root: XmlElement): string {
  const lines: string[] = [];
  const write = (e: XmlElement, indent: number) => {
    const attrs = [...e.attributes].map(([k, v]) => ` ${k}="${v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;")}"`).join("");
    const pad = " ".repeat(indent);
    if (e.children.length === 0) {
      lines.push(`${pad}<${e.name}${attrs}/>`);
      return;
    }
    lines.push(`${pad}<${e.name}${attrs}>`);
    for (const c of e.children) write(c, indent + 2);
    lines.push(`${pad}</${e.name}>`);
  };
  write(root, 0);
  return `${lines.join("\n")}\n`;
}

/** An element to write. */
export function xmlElement(name: string, attributes: ReadonlyArray<readonly [string, string]>, children: readonly XmlElement[] = []): XmlElement {
  return { name, attributes: new Map(attributes), children, line: 0 };
}
