/**
 * Steady-state throughput of a stream whose total is known: the rate between the moments when 10 %
 * and 90 % of its bytes had arrived, which leaves out the start-up (empty pipes, tags filling) and
 * the drain at the end.
 */
import { double } from "../sim/double.js";

export class SteadyStateMeter {
  private bytes = double(0);
  private loTime = NaN;
  private loBytes = NaN;
  private hiTime = NaN;
  private hiBytes = NaN;
  private readonly lo: number;
  private readonly hi: number;

  constructor(
    /** Bytes the stream will deliver in all. */
    readonly totalBytes: number,
    loFraction = 0.1,
    hiFraction = 0.9,
  ) {
    this.lo = totalBytes * loFraction;
    this.hi = totalBytes * hiFraction;
  }

  /** Records `bytes` arriving at `timePs`. */
  add(bytes: number, timePs: number): void {
    this.bytes += bytes;
    if (this.bytes >= this.lo && Number.isNaN(this.loTime)) {
      this.loTime = timePs;
      this.loBytes = this.bytes;
    }
    if (this.bytes >= this.hi && Number.isNaN(this.hiTime)) {
      this.hiTime = timePs;
      this.hiBytes = this.bytes;
    }
  }

  /** Bytes recorded so far. */
  get deliveredBytes(): number {
    return this.bytes;
  }

  /** Steady-state rate in GB/s (1e9 bytes/s); NaN until 90 % has arrived. */
  get gbytesPerSecond(): number {
    return ((this.hiBytes - this.loBytes) * 1000) / (this.hiTime - this.loTime);
  }
}
