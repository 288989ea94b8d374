/**
 * The schema library's issues turned into messages a user can act on: a missing field says what
 * it is for and gives an example, a wrong type says what was given and what is expected (YAML 1.1's
 * yes/no/on/off named), an unknown key or value suggests the nearest known one. The schema itself
 * is read for the descriptions and the known keys, so the messages follow it.
 */
import type { z } from "zod";
import { didYouMean } from "./did-you-mean.js";
import { scenarioMessage, shown, YAML11_BOOLEANS } from "./messages.js";
import type { FieldProblem } from "./problems.js";
import { parseRate, parseSize, parseTime } from "./quantity.js";

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  innerType?: AnySchema;
  in?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  valueType?: AnySchema;
}

const defOf = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const descriptionOf = (s: AnySchema): string | undefined => (s as unknown as { description?: string }).description;
const WRAPPERS = new Set(["optional", "default", "prefault", "nullable", "readonly", "catch", "nonoptional"]);

/** Unwraps defaults, optionals and pipes, collecting the descriptions met on the way (outermost first). */
function unwrap(s: AnySchema, descriptions: string[]): AnySchema {
  let schema = s;
  for (let i = 0; i < 20; i++) {
    const d = descriptionOf(schema);
    if (d !== undefined && !descriptions.includes(d)) descriptions.push(d);
    const def = defOf(schema);
    if (WRAPPERS.has(def.type) && def.innerType) schema = def.innerType;
    else if (def.type === "pipe" && def.in) schema = def.in;
    else break;
  }
  return schema;
}

/** The schema at `path` inside `root`, following the raw data through unions; with the descriptions met. */
function schemaAt(root: AnySchema, path: readonly PropertyKey[], data: unknown): { schema: AnySchema | undefined; descriptions: string[] } {
  let descriptions: string[] = [];
  let schema: AnySchema | undefined = root;
  let value = data;
  for (const segment of path) {
    if (schema === undefined) break;
    descriptions = [];
    schema = step(unwrap(schema, []), segment, value);
    value = typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  }
  if (schema !== undefined) schema = unwrap(schema, descriptions);
  if (schema !== undefined) schema = option(schema, value) ?? schema;
  return { schema, descriptions };
}

/** The alternative of a tagged union (a fabric node by its `type`) that `value` chose, if any. */
function option(schema: AnySchema, value: unknown): AnySchema | undefined {
  const def = defOf(schema);
  if (def.type !== "union") return undefined;
  if (def.discriminator === undefined) {
    // An untagged union (a list of values or a range): the one alternative of the value's shape.
    const shape = Array.isArray(value) ? "array" : typeof value === "object" && value !== null ? "object" : undefined;
    const shaped = (def.options ?? []).map((o) => unwrap(o, [])).filter((o) => defOf(o).type === shape);
    return shaped.length === 1 ? shaped[0] : undefined;
  }
  const tag = (value as Record<string, unknown> | undefined)?.[def.discriminator];
  for (const candidate of def.options ?? []) {
    const inner = unwrap(candidate, []);
    const literal = defOf(inner).shape?.[def.discriminator];
    if (literal !== undefined && (defOf(literal) as unknown as { values?: unknown[] }).values?.includes(tag)) return inner;
  }
  return undefined;
}

function step(schema: AnySchema, segment: PropertyKey, value: unknown): AnySchema | undefined {
  const def = defOf(schema);
  if (def.type === "object") return def.shape?.[String(segment)];
  if (def.type === "array") return def.element;
  if (def.type === "record") return def.valueType;
  if (def.type === "union") {
    for (const option of def.options ?? []) {
      const inner = unwrap(option, []);
      const innerDef = defOf(inner);
      // A list's element is not a mapping's field: follow the alternative of the value's own shape.
      if ((innerDef.type === "array") !== Array.isArray(value) && (innerDef.type === "array" || innerDef.type === "object" || innerDef.type === "record")) continue;
      if (def.discriminator !== undefined) {
        const tag = (value as Record<string, unknown> | undefined)?.[def.discriminator];
        const literal = innerDef.shape?.[def.discriminator];
        if (literal === undefined || !(defOf(literal) as unknown as { values?: unknown[] }).values?.includes(tag)) continue;
      }
      const next = step(inner, segment, value);
      if (next !== undefined) return next;
    }
  }
  return undefined;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const segment of path) value = typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  return value;
}

const dotted = (path: readonly PropertyKey[]): string => path.map(String).join(".");

/** What a union accepts, from its alternatives' issues: `text or a number`, `'all' or a list`. */
function expectedOf(errors: readonly (readonly Issue[])[]): string[] {
  const out: string[] = [];
  for (const alternative of errors) {
    for (const issue of alternative) {
      if (issue.path.length > 0) continue;
      const text =
        issue.code === "invalid_type" ? ({ string: "text", number: "a number", boolean: "true or false", array: "a list", object: "a mapping" } as Record<string, string>)[issue.expected] ?? issue.expected
        : issue.code === "invalid_value" ? issue.values.map((v) => `'${String(v)}'`).join(" or ")
        : issue.message;
      if (!out.includes(text)) out.push(text);
    }
  }
  return out;
}

/**
 * A size, time or rate with its unit, written where a plain number is expected: what kind it is and
 * its value in the model's unit (`4KiB` is `4096 bytes`); undefined for anything else.
 */
function asQuantity(text: string): { kind: string; inModelUnit: string } | undefined {
  if (!/^\s*[\d.]+[eE]?[-+]?\d*\s*[a-zµ/]+\s*$/i.test(text)) return undefined;
  const kinds = [
    ["a size", parseSize, "bytes"],
    ["a time", parseTime, "ps"],
    ["a rate", parseRate, "GB/s"],
  ] as const;
  for (const [kind, parse, unit] of kinds) {
    try {
      return { kind, inModelUnit: `${parse(text)} ${unit}` };
    } catch {
      // not this kind
    }
  }
  return undefined;
}

/** One schema issue as field problems (an unknown-keys issue gives one per key). */
export function issueProblems(issue: Issue, root: AnySchema, data: unknown): FieldProblem[] {
  const path = issue.path;
  const value = valueAt(data, path);
  const at = dotted(path);
  const m = scenarioMessage;
  const required = () => {
    const { descriptions } = schemaAt(root, path, data);
    return [{ path: at, message: m.required(descriptions.join("; ") || undefined) }];
  };
  // The schema's own words (a count's range), where it gave some, say more than a generic rewrite.
  const own = !/^(Invalid|Too (small|big)|Unrecognized)/.test(issue.message) && issue.code !== "custom" && issue.code !== "invalid_format";
  if (own && value !== undefined && ["invalid_type", "too_small", "too_big", "not_multiple_of"].includes(issue.code)) {
    const whole = /^'/.test(issue.message) || issue.message.startsWith(shown(value)) || issue.message.startsWith("the value is empty");
    return [{ path: at, message: whole ? issue.message : `${shown(value)} is ${issue.message}` }];
  }
  switch (issue.code) {
    case "invalid_type": {
      if (value === undefined) return required();
      if (issue.expected === "boolean" && typeof value === "string" && value.toLowerCase() in YAML11_BOOLEANS) return [{ path: at, message: m.yaml11Boolean(value) }];
      const quantity = issue.expected === "number" && typeof value === "string" ? asQuantity(value) : undefined;
      if (quantity !== undefined) return [{ path: at, message: m.quantityForNumber(value as string, quantity.kind, quantity.inModelUnit, schemaAt(root, path, data).descriptions.join("; ") || undefined) }];
      return [{ path: at, message: m.wrongType(value, issue.expected) }];
    }
    case "unrecognized_keys": {
      const { schema } = schemaAt(root, path, data);
      const known = schema !== undefined ? Object.keys(defOf(schema).shape ?? {}) : [];
      return issue.keys.map((key) => ({ path: dotted([...path, key]), message: m.unknownKey(key, known, didYouMean(key, known)) }));
    }
    case "invalid_value":
      return [{ path: at, message: m.notOneOf(value, issue.values, typeof value === "string" ? didYouMean(value, issue.values.map(String)) : "") }];
    case "invalid_union": {
      const tagged = issue as Issue & { note?: string; discriminator?: string; options?: unknown[] };
      if (tagged.note === "No matching discriminator") {
        const options = (tagged.options ?? []).map(String);
        if (value === undefined) return [{ path: at, message: m.required(`one of ${options.join(", ")}`) }];
        return [{ path: at, message: m.notOneOf(value, options, typeof value === "string" ? didYouMean(value, options) : "") }];
      }
      if (value === undefined) return required();
      // A value with the shape of one alternative (a mapping where a list or a range is allowed): that alternative's problems, at their fields.
      const inside = issue.errors.filter((alternative) => alternative.length > 0 && alternative.every((i) => i.path.length > 0));
      const wrongShape = issue.errors.filter((alternative) => alternative.length > 0 && alternative.every((i) => i.path.length === 0 && i.code === "invalid_type"));
      if (inside.length === 1 && inside.length + wrongShape.length === issue.errors.length) {
        return inside[0]!.flatMap((i) => issueProblems({ ...i, path: [...path, ...i.path] } as Issue, root, data));
      }
      if (own) return [{ path: at, message: issue.message }];
      const single = issue.errors.length > 0 && issue.errors.every((alternative) => alternative.some((i) => i.path.length === 0 && i.code === "custom"));
      // A quantity with a unit that did not parse: its own message says what is allowed.
      if (single) {
        const custom = issue.errors.flat().find((i) => i.path.length === 0 && i.code === "custom");
        if (custom !== undefined) return [{ path: at, message: custom.message }];
      }
      const expected = expectedOf(issue.errors);
      return [{ path: at, message: m.wrongType(value, expected.join(" or ") || "another value") }];
    }
    case "too_small":
      if (issue.origin === "array") return [{ path: at, message: m.tooFewItems(Number(issue.minimum)) }];
      return [{ path: at, message: m.tooSmall(value, issue.minimum, issue.inclusive ?? true) }];
    case "too_big":
      return [{ path: at, message: m.tooBig(value, issue.maximum, issue.inclusive ?? true) }];
    case "invalid_format":
      return [{ path: at, message: `${shown(value)} is not allowed here: ${issue.message}` }];
    default:
      return [{ path: at, message: issue.message }];
  }
}
