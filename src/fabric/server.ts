/**
 * A FIFO server with a bandwidth and a latency: a memory channel, a root complex's internal
 * fabric or P2P engine, a socket interconnect, a BAR. Work is served in the order it is given; each
 * job occupies the server for bytes / bandwidth, and its result is out `latency` after that.
 * Because the server knows when it will next be free, taking a job costs no event: callers learn
 * when the job starts (to release the buffer it waited in) and when it is done.
 * A job may be served at another rate than the server's own (`take`'s `psPerByte`: an SSD's flash
 * writes slower than it reads on the same channels), and its latency may be drawn from a seeded
 * distribution (`latency`: NAND reads with a tail), so results come out of order behind it.
 */
import { psPerByteAtGBps } from "../sim/units.js";
import { double } from "../sim/double.js";

export interface ServerParams {
  /** Throughput, GB/s (1e9 bytes/s); Infinity for a pure delay. */
  bandwidthGBps: number;
  /** Fixed time from the end of service to the result, ps (the mean, when `latency` draws it). */
  latencyPs: number;
  /** Draws each job's latency, ps (a seeded distribution); default: `latencyPs` every time. */
  latency?: () => number;
}

export class Server {
  /** Service time per byte at the server's own rate, ps. */
  readonly psPerByte: number;
  private readonly drawLatency: (() => number) | undefined;
  private freeExact = double(0);
  /** Bytes served so far. */
  bytes = double(0);
  /** Jobs taken so far. */
  jobs = 0;
  /** Probe: every job as it is booked (start and end of service, ps; bytes), for `--trace`. */
  onJob: ((startPs: number, endPs: number, bytes: number) => void) | undefined = undefined;
  /**
   * Called before each job is booked: whoever books this server late (root ports handing DRAM
   * writes over as of their arrival) books what is due first, so jobs are booked in time order.
   */
  beforeTake: (() => void) | undefined = undefined;
  /** Time spent serving, ps (fractional). */
  busyPs = double(0);
  /** Start of the last job taken, ps (rounded up to an integer). */
  lastStartPs = double(0);
  /** End of service of the last job taken, before the latency, ps (rounded up to an integer). */
  lastEndPs = double(0);

  constructor(readonly params: ServerParams) {
    this.psPerByte = params.bandwidthGBps === Infinity ? 0 : psPerByteAtGBps(params.bandwidthGBps);
    this.drawLatency = params.latency;
  }

  /**
   * Takes a job of `bytes` arriving at `atPs`; returns when its result is out (integer ps).
   * `lastStartPs` and `lastEndPs` then hold when its service began and ended.
   */
  take(bytes: number, atPs: number, psPerByte: number = this.psPerByte): number {
    if (this.beforeTake !== undefined) this.beforeTake();
    const start = this.freeExact > atPs ? this.freeExact : atPs;
    const service = bytes * psPerByte;
    this.freeExact = start + service;
    this.bytes += bytes;
    this.jobs++;
    this.busyPs += service;
    this.lastStartPs = Math.ceil(start);
    this.lastEndPs = Math.ceil(this.freeExact);
    this.onJob?.(start, this.freeExact, bytes);
    return this.lastEndPs + (this.drawLatency === undefined ? this.params.latencyPs : this.drawLatency());
  }

  /** When the server is next free (ps, fractional). */
  get freePs(): number {
    return this.freeExact;
  }
}
