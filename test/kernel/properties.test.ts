import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { AcsSpec, IommuMode, NodeSpec } from "../../src/fabric/topology.js";
import { hasAcsRedirect, portAcs } from "../../src/kernel/acs.js";
import { p2pDecision } from "../../src/kernel/decision.js";
import { distanceMany, findProvider } from "../../src/kernel/provider.js";
import { switchesBetween } from "../../src/kernel/topo-class.js";
import { ancestors, rootPortOf, topologyTree, type TopologyTree } from "../../src/kernel/tree.js";
import { upstreamChain } from "../../src/kernel/upstream-chain.js";
import {
  ACS_CAPABLE,
  ACS_REDIRECT,
  endpoint,
  fn,
  HASWELL_HOST,
  hostBridge,
  NO_ACS,
  pcieSwitch,
  platform,
  rootPort,
  SKYLAKE_ROOT,
  UNLISTED_INTEL,
} from "./topologies.js";

const arbAcs = fc.constantFrom<AcsSpec>(NO_ACS, ACS_CAPABLE, ACS_REDIRECT, { ...ACS_CAPABLE, egressControl: true });

/**
 * A random platform: 1-3 host bridges on 2 sockets, 1-3 root ports, up to 5 switches each under an
 * earlier port (so no cycles), 2-8 endpoints under any port, some being extra functions of an
 * earlier endpoint.
 */
const arbTree: fc.Arbitrary<TopologyTree> = fc
  .record({
    cpu: fc.constantFrom({ vendor: "intel", family: 6 } as const, { vendor: "amd", family: 0x15 } as const, { vendor: "amd", family: 0x19 } as const),
    hostBridges: fc.array(
      fc.record({
        socket: fc.constantFrom("s0", "s1"),
        deviceId: fc.constantFrom(SKYLAKE_ROOT, HASWELL_HOST, UNLISTED_INTEL),
        iommu: fc.constantFrom<IommuMode>("off", "passthrough", "translated"),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    rootPorts: fc.array(fc.record({ hostBridge: fc.nat(), acs: arbAcs }), { minLength: 1, maxLength: 3 }),
    switches: fc.array(fc.record({ parent: fc.nat(), acs: arbAcs }), { maxLength: 5 }),
    endpoints: fc.array(fc.record({ parent: fc.nat(), bar: fc.boolean(), functionOf: fc.option(fc.nat(), { nil: undefined }) }), {
      minLength: 2,
      maxLength: 8,
    }),
    disable: fc.oneof(fc.constant("all" as const), fc.array(fc.nat(), { maxLength: 3 })),
  })
  .map((r) => {
    const ports: string[] = [];
    const nodes: NodeSpec[] = [];
    r.rootPorts.forEach((p, i) => {
      nodes.push(rootPort(`rp${i}`, `hb${p.hostBridge % r.hostBridges.length}`, p.acs));
      ports.push(`rp${i}`);
    });
    r.switches.forEach((s, i) => {
      nodes.push(pcieSwitch(`sw${i}`, ports[s.parent % ports.length]!, s.acs));
      ports.push(`sw${i}`);
    });
    r.endpoints.forEach((e, i) => {
      if (e.functionOf !== undefined && i > 0) nodes.push(fn(`ep${i}`, `ep${e.functionOf % i}`));
      else nodes.push(endpoint(`ep${i}`, ports[e.parent % ports.length]!, e.bar));
    });
    const disableAcsRedir = r.disable === "all" ? "all" : r.disable.map((n) => ports[n % ports.length]!);
    const hostBridges = r.hostBridges.map((h, i) => hostBridge(`hb${i}`, h.socket, h.deviceId, h.iommu));
    return topologyTree(platform(nodes, { cpu: r.cpu, hostBridges, disableAcsRedir }));
  });

/** Every ordered pair of endpoints of a tree. */
function pairs(tree: TopologyTree): [string, string][] {
  const ids = tree.endpoints.map((e) => e.id);
  return ids.flatMap((a) => ids.map((b): [string, string] => [a, b]));
}

/**
 * An oracle for "the ports whose ACS the kernel checks", from the tree rather than the PCI chain:
 * every switch on the path between two devices under one root port, and the root port too when
 * the path turns there (two functions of a device on it, or two devices the generator hung from
 * one root port, which hardware cannot do but the walk handles).
 */
function portsOnPath(tree: TopologyTree, a: string, b: string): string[] {
  const aboveB = new Set(ancestors(tree, b).map((n) => n.id));
  const meet = ancestors(tree, a).find((n) => aboveB.has(n.id));
  const switches = switchesBetween(tree, a, b) ?? [];
  return meet?.type === "root-port" ? [...switches, meet.id] : [...switches];
}

describe("kernel decisions on random trees", () => {
  it("gives the same distance, map type and class in both directions", () => {
    fc.assert(
      fc.property(arbTree, (tree) => {
        for (const [a, b] of pairs(tree)) {
          const there = p2pDecision(tree, a, b);
          const back = p2pDecision(tree, b, a);
          expect([back.distance, back.mapType, back.topo]).toEqual([there.distance, there.mapType, there.topo]);
        }
      }),
    );
  });

  it("gives BUS_ADDR exactly when the two share a root port and no port between them redirects", () => {
    fc.assert(
      fc.property(arbTree, (tree) => {
        for (const [a, b] of pairs(tree)) {
          if (a === b) continue;
          const sameRoot = rootPortOf(tree, a).id === rootPortOf(tree, b).id;
          const clear = sameRoot && portsOnPath(tree, a, b).every((port) => !hasAcsRedirect(portAcs(tree, port)));
          expect(p2pDecision(tree, a, b).mapType === "BUS_ADDR").toBe(clear);
        }
      }),
    );
  });

  it("gives distinct devices under a common bridge an even distance of at least 2", () => {
    fc.assert(
      fc.property(arbTree, (tree) => {
        for (const [a, b] of pairs(tree)) {
          const d = p2pDecision(tree, a, b);
          if (a === b) expect(d.distance).toBe(0);
          else if (d.commonBridge !== undefined) {
            expect(d.distance % 2).toBe(0);
            expect(d.distance).toBeGreaterThanOrEqual(2);
          } else expect(d.distance).toBe(upstreamChain(tree, a).length + upstreamChain(tree, b).length);
        }
      }),
    );
  });

  it("warns whenever it refuses, and only when a redirect or a refusal happened", () => {
    fc.assert(
      fc.property(arbTree, (tree) => {
        for (const [a, b] of pairs(tree)) {
          const d = p2pDecision(tree, a, b);
          const expectWarning = d.mapType === "NOT_SUPPORTED" || d.acsRedirectPorts.length > 0;
          expect(d.warning !== undefined).toBe(expectWarning);
          if (d.mapType === "THRU_HOST_BRIDGE" && d.commonBridge !== undefined) expect(d.acsRedirectPorts.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it("puts PIX and PXB under one root port, PHB, NODE and SYS above it", () => {
    fc.assert(
      fc.property(arbTree, (tree) => {
        for (const [a, b] of pairs(tree)) {
          const d = p2pDecision(tree, a, b);
          const sameRoot = rootPortOf(tree, a).id === rootPortOf(tree, b).id;
          if (a === b) expect(d.topo).toBe("X");
          else expect(["PIX", "PXB"].includes(d.topo)).toBe(sameRoot);
        }
      }),
    );
  });

  it("chooses a provider no farther from the clients than any other usable one", () => {
    fc.assert(
      fc.property(arbTree, fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), (tree, picks) => {
        const ids = tree.endpoints.map((e) => e.id);
        const clients = picks.map((n) => ids[n % ids.length]!);
        const choice = findProvider(tree, clients);
        const candidates = tree.endpoints.filter((e) => e.bar !== undefined).map((e) => e.id);
        const usable = candidates.map((c) => distanceMany(tree, c, clients)).filter((d) => d !== undefined);
        if (choice === undefined) expect(usable).toEqual([]);
        else expect(choice.distance).toBe(Math.min(...usable));
      }),
    );
  });
});
