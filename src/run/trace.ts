/**
 * `--trace`: the TLPs of a run as Chrome/Perfetto trace events, one track (thread) per link
 * direction and per component that serves data (media, BAR memory, P2P engines, the host bridges'
 * fabric, DRAM, the interconnect), one process per variant. Each TLP or job is a complete event
 * ("X") from the start to the end of its serialization or service, so back-to-back events show a
 * busy wire and gaps an idle one (a job that takes no time, through a server without a rate limit,
 * is left out). Bounded: at most `maxEvents` events, from `fromPs` to `toPs`
 * (the events past the limit are counted, not kept). Beside them, runScenario adds a counter per
 * pool and per link direction's credit stalls, per time-series window: the queues filling up.
 */
import type { Simulator } from "../sim/simulator.js";
import type { TraceEvent } from "../report/types.js";
import type { ServerProbe, WireProbe } from "../fabric/probes.js";

export interface TraceOptions {
  /** Most events kept per variant (default 100 000). */
  maxEvents?: number;
  /** Keep events that start at or after this time, ps (default 0). */
  fromPs?: number;
  /** Keep events that start before this time, ps (default: the run's end). */
  toPs?: number;
}

export const DEFAULT_TRACE_EVENTS = 100_000;
const KIND_NAMES = ["MWr", "MRd", "CplD"] as const;

export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  /** Events past `maxEvents`, not kept. */
  dropped = 0;
  private readonly max: number;
  private readonly from: number;
  private readonly to: number;

  constructor(sim: Simulator, options: TraceOptions) {
    this.max = options.maxEvents ?? DEFAULT_TRACE_EVENTS;
    this.from = options.fromPs ?? 0;
    this.to = options.toPs ?? Infinity;
    sim.probes.list.forEach((probe, i) => {
      const tid = i + 1;
      if ("wire" in probe) {
        this.thread(tid, probe.resource);
        (probe as WireProbe).wire.serializer.onTransmit = (tlp, start, end, wire) =>
          this.add(start, end, tid, `${KIND_NAMES[tlp.kind]} ${tlp.payloadBytes} B`, "tlp", { wireBytes: wire, payloadBytes: tlp.payloadBytes });
      } else if ("server" in probe) {
        this.thread(tid, probe.resource);
        (probe as ServerProbe).server.onJob = (start, end, bytes) => this.add(start, end, tid, `${bytes} B`, probe.kind, { bytes });
      }
    });
  }

  private thread(tid: number, name: string): void {
    this.events.push({ name: "thread_name", ph: "M", ts: 0, pid: 0, tid, args: { name } });
  }

  private add(startPs: number, endPs: number, tid: number, name: string, cat: string, args: Record<string, unknown>): void {
    if (startPs < this.from || startPs >= this.to || !(endPs > startPs)) return;
    if (this.events.length >= this.max) {
      this.dropped++;
      return;
    }
    this.events.push({ name, cat, ph: "X", ts: startPs / 1e6, dur: (endPs - startPs) / 1e6, pid: 0, tid, args });
  }
}
