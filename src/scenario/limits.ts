/**
 * Named limits on what a scenario may ask for. Each guards the tool against input that would
 * exhaust memory or time before any useful answer (a YAML alias bomb, a 50 MB file, a typo in a
 * sweep range), or that the model cannot represent exactly (past 2^53 ps the integer clock loses
 * picoseconds). A refusal names the limit and, where raising it makes sense, the environment
 * variable that raises it (`P2PSIM_MAX_FILE_BYTES=...`); docs/errors.md lists them all.
 */

export interface Limit {
  /** How messages and docs/errors.md name it. */
  name: string;
  /** The default. */
  value: number;
  /** The environment variable that raises it; none when the limit is a property of the model. */
  env?: string;
  unit: string;
}

export const LIMITS = {
  fileBytes: { name: "file size", value: 4 * 1024 * 1024, env: "P2PSIM_MAX_FILE_BYTES", unit: "bytes" },
  aliases: { name: "alias", value: 100, env: "P2PSIM_MAX_ALIASES", unit: "aliases" },
  depth: { name: "nesting depth", value: 32, env: "P2PSIM_MAX_DEPTH", unit: "levels" },
  extendsDepth: { name: "extends chain", value: 16, unit: "files" },
  fabricNodes: { name: "fabric node", value: 100_000, env: "P2PSIM_MAX_FABRIC_NODES", unit: "nodes" },
  /** Endpoints `p2psim topo` puts in its matrix; past it, only the workloads' (the matrix grows with the square). */
  topoMatrix: { name: "topo matrix", value: 256, env: "P2PSIM_MAX_TOPO_MATRIX", unit: "endpoints" },
  sweepPoints: { name: "sweep point", value: 10_000, env: "P2PSIM_MAX_SWEEP_POINTS", unit: "points" },
  /** 2^53 ps (about 2.5 simulated hours): beyond it a `number` no longer holds every picosecond. */
  simulatedPs: { name: "simulated time", value: 2 ** 53, unit: "ps" },
  /** TLP events a run may plan: about an hour of compute at a few million events a second. */
  events: { name: "TLP", value: 20_000_000_000, env: "P2PSIM_MAX_TLPS", unit: "TLPs" },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

/** The limit in force: its default, or the environment variable's whole number when one is set. */
export function limitValue(name: LimitName): number {
  const limit: Limit = LIMITS[name];
  const text = limit.env === undefined ? undefined : process.env[limit.env];
  const value = text === undefined ? NaN : Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : limit.value;
}

/** How a refusal tells the user to raise the limit (empty when it cannot be raised). */
export function raiseHint(name: LimitName): string {
  const limit: Limit = LIMITS[name];
  return limit.env === undefined ? "" : ` (raise it with ${limit.env}=N)`;
}
