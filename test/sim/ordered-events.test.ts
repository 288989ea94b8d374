import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Simulator } from "../../src/sim/simulator.js";
import { OrderedEvents } from "../../src/sim/ordered-events.js";

/**
 * A random run: causes at random times, each adding an event a fixed delay later (through
 * `OrderedEvents`, or through `Simulator.at` for the reference), with other events at the same
 * times queued before and after it, some of them adding more. Returns what ran, when, in order.
 */
function trace(causes: number[], delayPs: number, others: number[], ordered: boolean): { log: string[]; mostPending: number } {
  const sim = new Simulator();
  const events = ordered ? new OrderedEvents(sim) : undefined;
  const log: string[] = [];
  let mostPending = 0;
  const add = (timePs: number, name: string): void => {
    const action = (): void => {
      log.push(`${sim.now} ${name}`);
      // Some events cause more, as a walk's end answers the misses that waited for it.
      if (name.endsWith("0")) add(sim.now + delayPs, `${name}+`);
    };
    if (events) events.add(timePs, action);
    else sim.at(timePs, action);
  };
  const times = [...causes].sort((a, b) => a - b);
  times.forEach((t, i) =>
    sim.at(t, () => {
      sim.at(t + delayPs, () => log.push(`${sim.now} before ${i}`));
      add(t + delayPs, `e${i}`);
      sim.at(t + delayPs, () => log.push(`${sim.now} after ${i}`));
      mostPending = Math.max(mostPending, events?.length ?? 0);
    }),
  );
  others.forEach((t, j) => sim.at(t, () => log.push(`${sim.now} other ${j}`)));
  sim.run();
  return { log, mostPending };
}

describe("OrderedEvents", () => {
  it("runs the same events at the same times in the same order as scheduling each with at", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 400 }), { minLength: 1, maxLength: 120 }),
        fc.nat({ max: 60 }),
        fc.array(fc.nat({ max: 500 }), { maxLength: 40 }),
        (causes, delayPs, others) => {
          const reference = trace(causes, delayPs, others, false);
          const ordered = trace(causes, delayPs, others, true);
          expect(ordered.log).toEqual(reference.log);
        },
      ),
    );
  });

  it("keeps one event pending however many are waiting, growing its ring past 16", () => {
    const sim = new Simulator();
    const events = new OrderedEvents(sim);
    const ran: number[] = [];
    for (let i = 0; i < 100; i++) events.add(1000 + i, () => ran.push(sim.now));
    expect(events.length).toBe(100);
    expect(sim.pending).toBe(1);
    sim.run();
    expect(ran).toEqual(Array.from({ length: 100 }, (_, i) => 1000 + i));
    expect(events.length).toBe(0);
  });

  it("refuses an event due before the one added last, naming both times", () => {
    const sim = new Simulator();
    const events = new OrderedEvents(sim);
    events.add(500, () => {});
    expect(() => events.add(400, () => {})).toThrow("an ordered event at 400 ps, before the one added last (500 ps)");
  });

  it("refuses a time that is not an integer or lies in the past, when it is added", () => {
    const sim = new Simulator();
    const events = new OrderedEvents(sim);
    sim.at(1000, () => {
      events.add(1000, () => {});
      expect(() => events.add(1200.5, () => {})).toThrow("an ordered event at 1200.5 ps, which is not an integer time at or after now (1000 ps)");
    });
    sim.run();
    const late = new OrderedEvents(sim);
    expect(() => late.add(999, () => {})).toThrow("an ordered event at 999 ps, which is not an integer time at or after now (1000 ps)");
  });
});
