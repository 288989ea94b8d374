/**
 * A PCIe switch: one upstream port and one downstream port per child. Requests route by address
 * (the BAR windows below each downstream port), completions by requester ID; anything else goes
 * up. Forwarding is cut-through: a TLP may leave `latency` after its header arrived (but not before
 * its last byte did), so the port-to-port latency is paid once, not on top of serialization.
 * Each egress is a link direction whose waiting ingress ports are served round-robin.
 *
 * ACS on a downstream port (PCIe Base Spec r5.0 section 6.12): with P2P Request Redirect (or
 * Egress Control) a request from that port to a peer downstream port goes up instead; with
 * Completion Redirect, so does a completion; Direct Translated P2P lets requests the device's ATS
 * already translated go straight across. Redirected TLPs come back down from the root complex.
 */
import type { Simulator } from "../sim/simulator.js";
import { DelayLine } from "../sim/delay-line.js";
import type { Link, LinkDirection } from "../pcie/link.js";
import { TlpKind, type Tlp } from "../pcie/tlp.js";
import type { AcsSpec } from "./topology.js";
import { IngressPort, type IngressOwner } from "./ingress-port.js";
import type { TlpOutlet } from "./outlet.js";

/** What lies below a downstream port: BAR windows `[base, end)` and requester IDs. */
export interface PortClaims {
  windows: Array<[number, number]>;
  requesters: ReadonlySet<number>;
}

interface DownstreamPort {
  port: IngressPort;
  egress: TlpOutlet;
  claims: PortClaims;
  acs: AcsSpec;
}

export interface SwitchParams {
  name: string;
  /** Port-to-port cut-through latency, ps. */
  latencyPs: number;
  /**
   * Let links hand arrivals over late while a port's cut-through stage is busy (default true). Off,
   * every arrival has its own event: the results are identical, only slower (kept for tests).
   */
  lateArrivals?: boolean;
}

export class Switch implements IngressOwner {
  private upstreamPort: IngressPort | undefined;
  private upstreamEgress: TlpOutlet | undefined;
  /** The upstream egress, counting what ACS sends there. */
  private redirectOutlet: TlpOutlet | undefined;
  private readonly downstream: DownstreamPort[] = [];
  /** Downstream port by requester ID, for completions (the first port to claim an ID keeps it). */
  private readonly completionRoutes = new Map<number, DownstreamPort>();
  private readonly cutThrough: DelayLine<Tlp>[] = [];
  /** TLPs sent up because of ACS redirect. */
  redirected = 0;

  constructor(
    private readonly sim: Simulator,
    readonly params: SwitchParams,
  ) {}

  /** Attaches the link to the parent: this switch receives on `link.down` and sends on `link.up`. */
  attachUpstream(link: Link): void {
    this.upstreamPort = this.makePort(`${this.params.name}:up`, 0, link.down);
    const up = (this.upstreamEgress = link.up);
    this.redirectOutlet = {
      hasSpace: (cls) => up.hasSpace(cls),
      whenSpace: (cls, callback) => up.whenSpace(cls, callback),
      push: (tlp) => {
        this.redirected++;
        return up.push(tlp);
      },
    };
  }

  /** Attaches the link to a child: receives on `link.up`, sends on `link.down`. */
  attachDownstream(link: Link, claims: PortClaims, acs: AcsSpec): void {
    const port = this.makePort(`${this.params.name}:dp${this.downstream.length + 1}`, this.downstream.length + 1, link.up);
    const downstream: DownstreamPort = { port, egress: link.down, claims, acs };
    this.downstream.push(downstream);
    for (const requester of claims.requesters) if (!this.completionRoutes.has(requester)) this.completionRoutes.set(requester, downstream);
  }

  /** Every ingress port: the upstream one first. */
  get ports(): IngressPort[] {
    return [this.upstreamPort!, ...this.downstream.map((d) => d.port)];
  }

  admit(tlp: Tlp, port: IngressPort, atPs: number): void {
    // Cut-through: the header arrived one serialization before the last byte.
    const from = port.from;
    const serialization = Math.ceil((tlp.tlpBytes + from.framing) * from.psPerByte);
    const readyAt = Math.max(atPs, atPs - serialization + this.params.latencyPs);
    this.cutThrough[port.index]!.add(tlp, readyAt, atPs);
  }

  route(tlp: Tlp, port: IngressPort): TlpOutlet {
    const target = this.target(tlp);
    if (port.index > 0 && target !== undefined) {
      const ingress = this.downstream[port.index - 1]!;
      if (target === ingress) this.routesBack(port);
      if (this.redirects(ingress.acs, tlp)) return this.redirectOutlet!;
    }
    return target === undefined ? this.upstreamEgress! : target.egress;
  }

  private routesBack(port: IngressPort): never {
    throw new Error(`${this.params.name}: a TLP from ${port.name} routes back to the same port`);
  }

  /** The downstream port a TLP belongs to, or undefined for upstream (plain loops: this runs per TLP). */
  private target(tlp: Tlp): DownstreamPort | undefined {
    if (tlp.translationRequest) return undefined; // ATS requests are for the root complex
    if (tlp.kind === TlpKind.CplD) return this.completionRoutes.get(tlp.requester);
    const downstream = this.downstream;
    const address = tlp.address;
    for (let i = 0; i < downstream.length; i++) {
      const windows = downstream[i]!.claims.windows;
      for (let w = 0; w < windows.length; w++) {
        const window = windows[w]!;
        if (address >= window[0] && address < window[1]) return downstream[i];
      }
    }
    return undefined;
  }

  private redirects(acs: AcsSpec, tlp: Tlp): boolean {
    if (tlp.kind === TlpKind.CplD) return acs.completionRedirect;
    if (!(acs.requestRedirect || acs.egressControl)) return false;
    return !(acs.directTranslated && tlp.translated);
  }

  /**
   * A port receiving from `from`. Its cut-through stage delivers TLPs in arrival order and they
   * release their credits only as they leave the port, which the link is told (`stage`).
   */
  private makePort(name: string, index: number, from: LinkDirection): IngressPort {
    const port = new IngressPort(name, this, index, from);
    const stage = new DelayLine<Tlp>(this.sim, (tlp) => port.ready(tlp));
    this.cutThrough[index] = stage;
    if (this.params.lateArrivals === false) from.receiver = port;
    else from.attach(port, { stage });
    return port;
  }
}
