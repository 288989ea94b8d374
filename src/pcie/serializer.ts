/**
 * The transmitter of one link direction as a channel in the OMNeT++/ns-3 sense: a TLP occupies the
 * wire for (TLP bytes + framing) x ps-per-byte at the TLP-layer rate, back to back with the one
 * before when the wire is busy. Nothing per byte. The free time is kept as a fraction of a
 * picosecond, so a saturated direction runs at the analytic rate with no rounding drift; the end of
 * a transmission as an event time is rounded up to the next whole picosecond.
 */
import { framingBytes, tlpLayerGbps, type LinkConfig, type PayloadSize } from "./spec.js";
import { psPerByteAtGbps } from "../sim/units.js";
import { double } from "../sim/double.js";
import type { Tlp } from "./tlp.js";

/** Counters of one direction, read by probes and tests. */
export interface LinkDirectionStats {
  tlps: number;
  /** TLP bytes plus framing, i.e. what occupied the wire. */
  wireBytes: number;
  payloadBytes: number;
  /** Time spent serializing, ps (fractional). */
  busyPs: number;
  /** Time with a TLP waiting and no credits for any head, ps. */
  creditStallPs: number;
  /** Largest receiver buffer occupancy seen, per class: [headers, data credits]. */
  maxOccupancy: Array<[number, number]>;
}

export class Serializer {
  readonly psPerByte: number;
  /** Framing bytes the link adds to every TLP. */
  readonly framing: number;
  /** When the wire is next free, ps (fractional). */
  freeExact = double(0);
  /** Start of the last transmission `send` scheduled, ps (fractional). */
  lastStart = double(0);
  /** Probe for `--trace`: every TLP as it is scheduled on the wire (start and end, ps; wire bytes). */
  onTransmit: ((tlp: Tlp, startPs: number, endPs: number, wireBytes: number) => void) | undefined = undefined;

  constructor(
    config: LinkConfig,
    mps: PayloadSize,
    dllpFactor: number,
    private readonly stats: LinkDirectionStats,
  ) {
    this.psPerByte = psPerByteAtGbps(tlpLayerGbps(config, mps, dllpFactor));
    this.framing = framingBytes(config);
  }

  /**
   * Schedules `tlp` on the wire at `nowPs` (or back to back with the previous TLP when the wire was
   * busy until within the last picosecond); returns the end of its transmission, ps (fractional).
   */
  send(tlp: Tlp, nowPs: number): number {
    const serialization = (tlp.tlpBytes + this.framing) * this.psPerByte;
    const start = this.freeExact > nowPs - 1 ? this.freeExact : nowPs;
    this.lastStart = start;
    this.freeExact = start + serialization;
    this.onTransmit?.(tlp, start, this.freeExact, tlp.tlpBytes + this.framing);
    return this.freeExact;
  }

  /** Counts `tlp` as it starts on the wire. */
  count(tlp: Tlp): void {
    const wire = tlp.tlpBytes + this.framing;
    const serialization = wire * this.psPerByte;
    const stats = this.stats;
    stats.tlps++;
    stats.wireBytes += wire;
    stats.payloadBytes += tlp.payloadBytes;
    stats.busyPs += serialization;
  }
}
