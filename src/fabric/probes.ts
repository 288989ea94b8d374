/**
 * Probes (sim/probe.ts) for the fabric's resources that do not register their own: both
 * directions of every link and their credit stalls, each device's media and BAR memory, each host
 * bridge's internal fabric and P2P engines, each socket's DRAM, the socket interconnect and the
 * meshes. IOMMUs, DMA tags and staging buffers register where they are made.
 */
import { readBooked, type Probe, type ResourceKind } from "../sim/probe.js";
import type { Link, LinkDirection } from "../pcie/link.js";
import type { Server } from "./server.js";

/** A probe over a server, which it keeps so that a tracer can watch its jobs. */
export interface ServerProbe extends Probe {
  readonly server: Server;
}

/** A probe over a link direction's wire, which it keeps so that a tracer can watch its TLPs. */
export interface WireProbe extends Probe {
  readonly wire: LinkDirection;
}

/** A probe over a `Server`: busy while serving, its bandwidth as capacity. */
export function serverProbe(server: Server, what: { resource: string; kind: ResourceKind; device: string; direction?: string }): ServerProbe {
  const bandwidth = server.params.bandwidthGBps;
  return {
    ...what,
    server,
    capacity: Number.isFinite(bandwidth) ? { bytesPerSecond: bandwidth * 1e9 } : {},
    opsUnit: "jobs",
    read: (atPs) => readBooked(server, () => server.jobs, atPs),
  };
}

/**
 * Two probes per direction of a link: the wire (busy serializing; bytes are payload bytes, so busy
 * time x rate - bytes is the TLP overhead) and its credit stalls.
 */
export function linkProbes(link: Link): Array<Probe | WireProbe> {
  return (["up", "down"] as const).flatMap((direction): Array<Probe | WireProbe> => {
    const dir = link[direction];
    // Read `dir.stats` each time: the getter first counts the TLPs a train has started by now.
    const what = { device: link.name, direction };
    return [
      {
        ...what,
        resource: `${link.name} ${direction}`,
        kind: "link",
        wire: dir,
        capacity: { bytesPerSecond: 1e12 / dir.psPerByte },
        opsUnit: "TLPs",
        read: () => {
          const stats = dir.stats;
          return { busyPs: stats.busyPs, bytes: stats.payloadBytes, ops: stats.tlps };
        },
      },
      {
        ...what,
        resource: `${link.name} ${direction} credits`,
        kind: "credits",
        capacity: {},
        opsUnit: "TLPs",
        read: () => ({ busyPs: dir.stats.creditStallPs, bytes: 0, ops: 0 }),
      },
    ];
  });
}
