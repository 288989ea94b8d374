/**
 * Watching a simulation as it runs: it runs in slices of events (the same events in the same
 * order as one `sim.run()`, so results do not change), and between slices the watch reports
 * progress, enforces wall-clock and simulated-time limits, and at the end tells a stuck run (the
 * event set empty with bytes still to move: a credit deadlock, a stage that never serves) from a
 * finished one, naming which link directions hold credits and which queues wait. Wall-clock time
 * is read only here, to report and to stop; it never reaches a result.
 */
import { UsageError } from "../messages.js";
import type { Simulator } from "../sim/simulator.js";
import type { Fabric } from "../fabric/fabric.js";
import type { TransferFlow } from "../workload/transfer.js";
import { FcClass } from "../pcie/tlp.js";
import { runMessage } from "./messages.js";

/** What a watcher sees every few seconds of wall time. */
export interface RunProgress {
  /** The variant running. */
  variant: string;
  simulatedPs: number;
  /** Share of the work done, 0..1: bytes moved of bytes to move (or simulated time of the duration). */
  fraction: number;
  /** Wall time since the variant started, ms. */
  elapsedMs: number;
}

export interface WatchOptions {
  /** Called about every `progressEveryMs` of wall time (default 5 s) while a variant runs. */
  onProgress?: (progress: RunProgress) => void;
  progressEveryMs?: number;
  /** Stop (with a RunLimitError) once the run has taken this long, ms of wall time, counted from `startedAtMs`. */
  maxWallMs?: number;
  /** When the wall-clock limit started counting (default: when the variant started). */
  startedAtMs?: number;
  /** Stop (with a RunLimitError) at this simulated time, ps, if work is left. */
  maxSimPs?: number;
  /** Events between two looks at the clock (default 2^18, about 0.1 s). */
  sliceEvents?: number;
}

/** A run stopped by --max-wall or --max-sim-time, or stuck: shown as one message, exit 2, nothing written. */
export class RunLimitError extends UsageError {
  constructor(text: string) {
    super(text);
    this.name = "RunLimitError";
  }
}

/** Events per slice: long enough that the checks cost nothing, short enough (~0.1 s) to stop promptly. */
const SLICE = 1 << 18;

function fraction(flows: readonly TransferFlow[], now: number): number {
  if (flows.length === 0) return 1;
  // Sized flows by bytes (a small flow that finished early says little); timed flows by time.
  let sized = 0;
  let moved = 0;
  let timed = 0;
  let timedDone = 0;
  for (const f of flows) {
    const p = f.params;
    if (Number.isFinite(p.totalBytes)) {
      sized += p.totalBytes;
      moved += Math.min(f.bytesDone, p.totalBytes);
    } else {
      timed++;
      timedDone += Math.min(1, Math.max(0, now - p.startPs) / (p.durationPs ?? 1));
    }
  }
  const bytesShare = sized > 0 ? moved / sized : 1;
  return timed === 0 ? bytesShare : sized === 0 ? timedDone / timed : Math.min(bytesShare, timedDone / timed);
}

/** Runs `sim` to the end under `options`; throws RunLimitError when a limit stops it or it gets stuck. */
export function runWatched(sim: Simulator, fabric: Fabric, flows: readonly TransferFlow[], variant: string, options: WatchOptions = {}): void {
  const watching = options.onProgress !== undefined || options.maxWallMs !== undefined || options.maxSimPs !== undefined;
  if (!watching) sim.run();
  else {
    const started = Date.now();
    const wallStart = options.startedAtMs ?? started;
    const every = options.progressEveryMs ?? 5000;
    const slice = options.sliceEvents ?? SLICE;
    let reported = started;
    for (;;) {
      const ran = sim.run({ maxEvents: slice, ...(options.maxSimPs !== undefined ? { until: options.maxSimPs } : {}) });
      if (ran < slice || sim.pending === 0) break;
      const now = Date.now();
      if (options.maxWallMs !== undefined && now - wallStart >= options.maxWallMs) {
        throw new RunLimitError(runMessage.maxWall(options.maxWallMs, variant, sim.now, fraction(flows, sim.now)));
      }
      if (options.onProgress !== undefined && now - reported >= every) {
        reported = now;
        options.onProgress({ variant, simulatedPs: sim.now, fraction: fraction(flows, sim.now), elapsedMs: now - started });
      }
    }
    if (options.maxSimPs !== undefined && sim.pending > 0) throw new RunLimitError(runMessage.maxSimTime(options.maxSimPs, variant, fraction(flows, sim.now)));
  }
  const stuck = flows.filter((f) => !f.finished);
  if (stuck.length > 0) throw new RunLimitError(stuckReport(sim, fabric, stuck, variant));
}

/** Why nothing more can happen: the flows short of their bytes, then every link direction holding credits or TLPs. */
export function stuckReport(sim: Simulator, fabric: Fabric, stuck: readonly TransferFlow[], variant: string): string {
  const lines = [runMessage.stuck(variant, sim.now)];
  for (const f of stuck) lines.push(runMessage.stuckFlow(f.params.name, f.bytesDone, f.bytesPlanned));
  const classes = [
    ["posted", FcClass.P],
    ["non-posted", FcClass.NP],
    ["completion", FcClass.Cpl],
  ] as const;
  for (const link of fabric.links.values()) {
    for (const [direction, dir] of [["up", link.up], ["down", link.down]] as const) {
      const held = classes.flatMap(([name, cls]) => {
        const [headers, data] = dir.outstandingCredits(cls);
        return headers > 0 || data > 0 ? [runMessage.credits(name, headers, data)] : [];
      });
      if (held.length > 0 || dir.queuedTlps > 0) lines.push(runMessage.stuckLink(link.name, direction, dir.queuedTlps, held));
    }
  }
  return lines.join("\n");
}
