/**
 * Receivers whose late arrivals book the same shared servers (a socket's memory channel, a host
 * bridge's internal fabric, the interconnect): the root ports of a fabric, whose DRAM writes that
 * only book are handed over late. A FIFO server's bookings do not commute, so those hand-overs must
 * come in one order across the links, the order of their arrivals (time, then place), as the
 * per-TLP path would book them; and every other booking of those servers must come after the
 * arrivals due before it (`settle`, which the fabric hangs in front of each such server). A link
 * direction joins with `ArrivalTraits.group`; its own catch-ups then go through the group.
 */
import type { Simulator } from "../sim/simulator.js";
import type { Delivery } from "./delivery.js";

export class ArrivalGroup {
  private readonly members: Delivery[] = [];
  /** Late arrivals not yet handed over, all members: `settle` returns at once when there are none. */
  lateCount = 0;
  private settling = false;

  constructor(private readonly sim: Simulator) {}

  /** Adds a member (a delivery attached with this group). */
  join(delivery: Delivery): void {
    this.members.push(delivery);
  }

  /**
   * Hands over every member's due late arrivals, earliest first. Called again while it hands one
   * over (by a booking that arrival makes), it returns: the arrivals before that one are already
   * in, and those after it come next.
   */
  readonly settle = (): void => {
    if (this.lateCount === 0 || this.settling) return;
    this.settleDue();
  };

  /** `settle` past its quick checks (a method of its own, so the tests can break it on purpose). */
  settleDue(): void {
    this.settling = true;
    const members = this.members;
    const sim = this.sim;
    for (;;) {
      let next: Delivery | undefined;
      let nextPs = Infinity;
      let nextPlace = Infinity;
      for (let i = 0; i < members.length; i++) {
        const member = members[i]!;
        if (!member.lateAhead()) continue;
        const ps = member.firstArrivalPs;
        const place = member.firstArrivalPlace;
        if (ps < nextPs || (ps === nextPs && place < nextPlace)) {
          next = member;
          nextPs = ps;
          nextPlace = place;
        }
      }
      if (next === undefined || !sim.hasRun(nextPs, nextPlace)) break;
      next.handOverFirst();
    }
    this.settling = false;
  }
}
