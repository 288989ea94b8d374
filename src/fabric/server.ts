/**
 * A FIFO server with a bandwidth and a latency: a memory channel, a root complex's internal
 * fabric or P2P engine, a socket interconnect, a BAR. Work is served in the order it is given; each
 * job occupies the server for bytes / bandwidth, and its result is out `latency` after that.
 * Because the server knows when it will next be free, taking a job costs no event: callers learn
 * when the job starts (to release the buffer it waited in) and when it is done.
 */
import { psPerByteAtGBps } from "../sim/units.js";

export interface ServerParams {
  /** Throughput, GB/s (1e9 bytes/s); Infinity for a pure delay. */
  bandwidthGBps: number;
  /** Fixed time from the end of service to the result, ps. */
  latencyPs: number;
}

export class Server {
  private readonly psPerByte: number;
  private freeExact = 0;
  /** Bytes served so far. */
  bytes = 0;
  /** Time spent serving, ps (fractional). */
  busyPs = 0;
  /** Start of the last job taken, ps (rounded up to an integer). */
  lastStartPs = 0;
  /** End of service of the last job taken, before the latency, ps (rounded up to an integer). */
  lastEndPs = 0;

  constructor(readonly params: ServerParams) {
    this.psPerByte = params.bandwidthGBps === Infinity ? 0 : psPerByteAtGBps(params.bandwidthGBps);
  }

  /**
   * Takes a job of `bytes` arriving at `atPs`; returns when its result is out (integer ps).
   * `lastStartPs` and `lastEndPs` then hold when its service began and ended.
   */
  take(bytes: number, atPs: number): number {
    const start = this.freeExact > atPs ? this.freeExact : atPs;
    const service = bytes * this.psPerByte;
    this.freeExact = start + service;
    this.bytes += bytes;
    this.busyPs += service;
    this.lastStartPs = Math.ceil(start);
    this.lastEndPs = Math.ceil(this.freeExact);
    return this.lastEndPs + this.params.latencyPs;
  }

  /** When the server is next free (ps, fractional). */
  get freePs(): number {
    return this.freeExact;
  }
}
