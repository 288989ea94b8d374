/**
 * Where a component hands a TLP on: a link's egress queue, a memory channel, a root complex's P2P
 * engine. Outlets are bounded: a sender that finds no space registers and waits to be told.
 */
import type { FcClass, Tlp } from "../pcie/tlp.js";

export interface TlpOutlet {
  /** True when `push` may be called for a TLP of class `cls` now. */
  hasSpace(cls: FcClass): boolean;
  /** Calls `callback` once when a TLP of class `cls` may be pushed (waiters are served in turn). */
  whenSpace(cls: FcClass, callback: () => void): void;
  /**
   * Takes `tlp` (call only when `hasSpace`). Returns the time (ps, >= now) at which the sender may
   * free the buffer the TLP waited in, and so return its credits: now for a queue slot, later
   * for a FIFO server that will take the TLP only then.
   */
  push(tlp: Tlp): number;
}
