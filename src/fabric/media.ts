/**
 * A device's media: what produces the data it sends (an SSD's flash read, a NIC's wire receiving)
 * and consumes the data it gets (flash written, wire sending). Full duplex (a NIC's wire carries its
 * rate each way) runs the two on servers of their own; shared (an SSD's flash channels) serves both
 * on one server, each job at its own rate, so reads and writes take turns.
 */
import type { RandomStreams } from "../sim/random.js";
import { lognormalByMeanP99 } from "../sim/distribution.js";
import { psPerByteAtGBps } from "../sim/units.js";
import type { EndpointSpec } from "./topology.js";
import { Server } from "./server.js";

/** A stage a chunk passes through: takes `bytes` at `atPs`, returns when they are through (ps). */
export interface Stage {
  take(bytes: number, atPs: number): number;
}

export class Media {
  readonly produce: Stage;
  readonly consume: Stage;
  /** The server(s) behind the two stages: [read, write] when full duplex, [shared] otherwise. */
  readonly servers: readonly Server[];

  constructor(
    readonly name: string,
    readonly spec: NonNullable<EndpointSpec["media"]>,
    random: RandomStreams,
  ) {
    const latency = (stream: string) =>
      spec.latencyP99Ps !== undefined ? { latency: lognormalByMeanP99(spec.latencyPs, spec.latencyP99Ps, random.stream(`media/${name}/${stream}`)) } : {};
    if (spec.duplex === "full") {
      const read = new Server({ bandwidthGBps: spec.rateGBps, latencyPs: spec.latencyPs, ...latency("read") });
      const write = new Server({ bandwidthGBps: spec.writeRateGBps, latencyPs: spec.latencyPs, ...latency("write") });
      this.produce = read;
      this.consume = write;
      this.servers = [read, write];
    } else {
      const shared = new Server({ bandwidthGBps: spec.rateGBps, latencyPs: spec.latencyPs, ...latency("shared") });
      const writePsPerByte = psPerByteAtGBps(spec.writeRateGBps);
      this.produce = shared;
      this.consume = { take: (bytes, atPs) => shared.take(bytes, atPs, writePsPerByte) };
      this.servers = [shared];
    }
  }
}
