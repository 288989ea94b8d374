import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CreditLedger } from "../../src/pcie/credit-ledger.js";
import type { CreditLimits } from "../../src/pcie/credits.js";

const LIMITS: CreditLimits = { ph: 400, pd: 6400, nph: 400, npd: 400, cplh: Infinity, cpld: Infinity };
const RETURN_PS = 700;

/** The ledger as a plain list: every return kept with its time, applied by filtering. */
class ListLedger {
  readonly headers = [LIMITS.ph, LIMITS.nph, LIMITS.cplh];
  readonly data = [LIMITS.pd, LIMITS.npd, LIMITS.cpld];
  returns: Array<{ time: number; cls: number; amount: number }> = [];

  free(cls: number, amount: number, atPs: number, nowPs: number): boolean {
    if (cls === 2) return false;
    this.returns.push({ time: Math.ceil(Math.max(atPs, nowPs)) + RETURN_PS, cls, amount });
    return true;
  }

  applyDue(nowPs: number): void {
    for (const r of this.returns) {
      if (r.time > nowPs) continue;
      this.headers[r.cls]! += 1;
      this.data[r.cls]! += r.amount;
    }
    this.returns = this.returns.filter((r) => r.time > nowPs);
  }

  nextReturnPs(): number {
    return Math.min(...this.returns.map((r) => r.time));
  }
}

type Step = { op: "send"; cls: number; credits: number; lateByPs: number } | { op: "advance"; byPs: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("send" as const), cls: fc.integer({ min: 0, max: 2 }), credits: fc.integer({ min: 0, max: 16 }), lateByPs: fc.integer({ min: 0, max: 3000 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("advance" as const), byPs: fc.integer({ min: 0, max: 2000 }) }) },
);

describe("CreditLedger", () => {
  it("holds the same credits, returns and next return time as a plain list of returns, whatever the order of release times", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 400 }), (steps) => {
        const ledger = new CreditLedger(LIMITS, RETURN_PS);
        const model = new ListLedger();
        let now = 0;
        for (const s of steps) {
          if (s.op === "advance") {
            now += s.byPs;
            ledger.applyDue(now);
            model.applyDue(now);
          } else if (ledger.covers(s.cls, s.credits)) {
            ledger.spend(s.cls, s.credits);
            model.headers[s.cls]! -= 1;
            model.data[s.cls]! -= s.credits;
            ledger.occupy(s.cls, s.credits);
            // A FIFO server may release later than now: returns come back out of order.
            expect(ledger.free(s.cls, s.credits, now + s.lateByPs, now)).toBe(model.free(s.cls, s.credits, now + s.lateByPs, now));
          }
          expect(ledger.returning).toBe(model.returns.length > 0);
          if (ledger.returning) expect(ledger.nextReturnPs).toBe(model.nextReturnPs());
          for (const cls of [0, 1] as const) {
            const pending = model.returns.filter((r) => r.cls === cls);
            const limits = cls === 0 ? [LIMITS.ph, LIMITS.pd] : [LIMITS.nph, LIMITS.npd];
            expect(ledger.outstanding(cls)).toEqual([limits[0]! - model.headers[cls]! - pending.length, limits[1]! - model.data[cls]! - pending.reduce((a, r) => a + r.amount, 0)]);
          }
        }
        ledger.applyDue(Infinity);
        expect(ledger.returning).toBe(false);
        expect(ledger.outstanding(0)).toEqual([0, 0]);
        expect(ledger.outstanding(1)).toEqual([0, 0]);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it("keeps hundreds of returns on their way in time order while its ring grows", () => {
    const ledger = new CreditLedger(LIMITS, RETURN_PS);
    // 300 releases at descending times: each goes to the front of the ring.
    for (let i = 0; i < 300; i++) {
      ledger.spend(0, 1);
      ledger.occupy(0, 1);
      ledger.free(0, 1, 10_000 - i, 0);
    }
    expect(ledger.nextReturnPs).toBe(10_000 - 299 + RETURN_PS);
    ledger.applyDue(10_000 - 150 + RETURN_PS);
    expect(ledger.nextReturnPs).toBe(10_000 - 149 + RETURN_PS);
    // 400 headers, 300 spent, the 150 earliest back: 250 in hand.
    let inHand = 0;
    while (ledger.covers(0, 1)) {
      ledger.spend(0, 1);
      inHand++;
    }
    expect(inHand).toBe(250);
  });
});
