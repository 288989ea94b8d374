/**
 * How a scenario overrides its preset (`extends:`) and how `--set` edits a field: plain objects
 * merge key by key, arrays of objects with an `id` (or `name`) merge entry by entry (so a file can
 * change one host bridge of a preset), other arrays and values are replaced.
 */

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const keyOf = (v: Json): string | undefined => (isObject(v) ? ((v.id ?? v.name) as string | undefined) : undefined);

/** `override` laid over `base`; neither is modified. */
export function mergeScenario(base: Json, override: Json): Json {
  if (isObject(base) && isObject(override)) {
    const out: Record<string, Json> = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = k in base ? mergeScenario(base[k], v) : v;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(override) && override.every((v) => keyOf(v) !== undefined) && base.every((v) => keyOf(v) !== undefined)) {
    const out = [...base];
    for (const item of override) {
      const at = out.findIndex((b) => keyOf(b) === keyOf(item));
      if (at >= 0) out[at] = mergeScenario(out[at], item);
      else out.push(item);
    }
    return out;
  }
  return override;
}

/** A deep copy of plain data. */
export function cloneData<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Sets the field at dotted `path` (array indices as numbers: `workloads.0.io`) to `value`,
 * creating objects on the way; returns false when the path runs through a non-object.
 */
export function setPath(target: Record<string, Json>, path: string, value: Json): boolean {
  const parts = path.split(".");
  let node: Json = target;
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    if (Array.isArray(node)) {
      const index = Number(part);
      if (!Number.isInteger(index) || index < 0 || index >= node.length + (last ? 1 : 0)) return false;
      if (last) node[index] = value;
      else node = node[index];
    } else if (isObject(node)) {
      if (last) node[part] = value;
      else {
        if (!(part in node)) node[part] = {};
        node = node[part];
      }
    } else {
      return false;
    }
  }
  return true;
}
