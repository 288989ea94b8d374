/**
 * The verdict of a run in a sentence per flow: which path variant moved it fastest and by how
 * much, from the measured throughputs only ("within 1 %" when they tie).
 */
import type { Summary } from "../contract.js";

/** Two throughputs this close (relative) count as the same. */
const TIE = 0.01;

export function verdictLines(summary: Summary): string[] {
  const flows = [...new Set(summary.variants.flatMap((v) => v.flows.map((f) => f.flow)))];
  return flows.map((flow) => {
    const runs = summary.variants.flatMap((v) => v.flows.filter((f) => f.flow === flow).map((f) => ({ variant: v.path, f })));
    const ran = runs.filter((r) => r.f.supported).sort((a, b) => b.f.throughputGBps - a.f.throughputGBps);
    const refused = runs.filter((r) => !r.f.supported).map((r) => r.variant);
    const cannot = refused.length > 0 ? `; ${refused.join(", ")} cannot run it` : "";
    if (ran.length === 0) return `${flow}: no variant can run it${cannot}.`;
    const best = ran[0]!;
    const gb = (x: number) => `${x.toFixed(2)} GB/s`;
    if (ran.length === 1) return `${flow}: only ${best.variant} runs it, at ${gb(best.f.throughputGBps)}${cannot}.`;
    const others = ran.slice(1);
    const tied = others.filter((o) => best.f.throughputGBps - o.f.throughputGBps <= TIE * best.f.throughputGBps);
    const slower = others.filter((o) => !tied.includes(o));
    const head = tied.length > 0 ? `${[best, ...tied].map((r) => r.variant).join(" and ")} are within 1 % (${gb(best.f.throughputGBps)})` : `${best.variant} is fastest at ${gb(best.f.throughputGBps)}`;
    const rest = slower.map((o) => `${(best.f.throughputGBps / o.f.throughputGBps).toFixed(2)}x ${o.variant} (${gb(o.f.throughputGBps)})`);
    return `${flow}: ${head}${rest.length > 0 ? `, ${rest.join(", ")}` : ""}${cannot}.`;
  });
}
