/** Messages about runs that a limit stopped or that got stuck (one catalogue, like src/messages.ts). */
const ms = (ps: number) => `${(ps / 1e9).toPrecision(4)} ms`;
const pct = (f: number) => `${(100 * f).toFixed(1)} %`;

export const runMessage = {
  maxWall: (limitMs: number, variant: string, simulatedPs: number, done: number) =>
    `stopped by --max-wall ${limitMs / 1000} s in variant ${variant} at simulated ${ms(simulatedPs)} (${pct(done)} done); nothing was written (raise --max-wall, or move less data)`,
  maxSimTime: (limitPs: number, variant: string, done: number) =>
    `stopped by --max-sim-time ${ms(limitPs)} in variant ${variant} with work left (${pct(done)} done); nothing was written (raise --max-sim-time, or move less data)`,
  stuck: (variant: string, simulatedPs: number) =>
    `variant ${variant}: the run is stuck at simulated ${ms(simulatedPs)}: nothing is left to happen but bytes are still to move (a credit deadlock, or a stage that never serves); nothing was written`,
  stuckFlow: (flow: string, done: number, planned: number) => `  flow ${flow}: ${done} of ${planned} bytes moved`,
  credits: (cls: string, headers: number, data: number) => `${cls} ${headers} header and ${data} data (16 B) credits`,
  stuckLink: (link: string, direction: string, queued: number, held: readonly string[]) =>
    `  link ${link} ${direction}: ${queued} TLPs waiting to be sent${held.length > 0 ? `; the receiver holds ${held.join(", ")}` : ""}`,
  sweepProgress: (label: string, done: number, total: number, etaS: number | undefined) =>
    `${label}: ${done} of ${total} done${etaS === undefined ? "" : `, about ${Math.ceil(etaS)} s left`}`,
  progress: (label: string, variant: string, simulatedPs: number, done: number, etaS: number | undefined) =>
    `${label}: variant ${variant}: simulated ${ms(simulatedPs)}, ${pct(done)} done${etaS === undefined ? "" : `, about ${Math.ceil(etaS)} s left`}`,
} as const;
