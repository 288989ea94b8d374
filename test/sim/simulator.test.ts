import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Simulator } from "../../src/sim/simulator.js";
import { ns, toNs } from "../../src/sim/units.js";

describe("Simulator", () => {
  it("runs events at their times and advances the clock to each", () => {
    const sim = new Simulator();
    const seen: Array<[string, number]> = [];
    sim.at(ns(5), () => seen.push(["b", sim.now]));
    sim.schedule(ns(1), () => {
      seen.push(["a", sim.now]);
      sim.schedule(ns(10), () => seen.push(["c", sim.now]));
    });
    expect(sim.run()).toBe(3);
    expect(seen).toEqual([["a", 1000], ["b", 5000], ["c", 11000]]);
    expect(sim.events).toBe(3);
    expect(toNs(sim.now)).toBe(11);
  });

  it("never lets time run backwards, whatever handlers schedule", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 200 }), (delays) => {
        const sim = new Simulator();
        const times: number[] = [];
        let i = 0;
        const step = (): void => {
          times.push(sim.now);
          if (i < delays.length) sim.schedule(delays[i++]!, step);
          if (i < delays.length) sim.schedule(delays[i++]!, step);
        };
        sim.at(0, step);
        sim.run();
        for (let k = 1; k < times.length; k++) expect(times[k]!).toBeGreaterThanOrEqual(times[k - 1]!);
        expect(times.length).toBe(delays.length + 1);
      }),
    );
  });

  it("refuses to schedule in the past or at a fractional picosecond", () => {
    const sim = new Simulator();
    sim.at(100, () => {
      expect(() => sim.at(99, () => undefined)).toThrow(/not an integer time at or after now/);
    });
    sim.run();
    expect(() => sim.at(150.5, () => undefined)).toThrow(/not an integer time/);
    expect(() => sim.schedule(Number.NaN, () => undefined)).toThrow();
  });

  it("stops before events later than `until` and leaves them pending", () => {
    const sim = new Simulator();
    const fired: number[] = [];
    for (const t of [10, 20, 30]) sim.at(t, () => fired.push(t));
    expect(sim.run({ until: 20 })).toBe(2);
    expect(sim.now).toBe(20);
    expect(fired).toEqual([10, 20]);
    sim.run();
    expect(fired).toEqual([10, 20, 30]);
  });

  it("queues an event in a reserved place exactly where scheduling it at reservation time would have", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 5 }), fc.boolean()), { minLength: 1, maxLength: 60 }), (plan) => {
        // Two runs: one schedules every event up front; the other reserves places for the flagged
        // ones and queues them only later (from an event at time 0), in reverse order.
        const order = (reserve: boolean): number[] => {
          const sim = new Simulator();
          const seen: number[] = [];
          const late: Array<() => void> = [];
          sim.at(0, () => late.reverse().forEach((queue) => queue()));
          plan.forEach(([time, flagged], i) => {
            const action = (): void => void seen.push(i);
            if (reserve && flagged) {
              const place = sim.reserve();
              late.push(() => sim.atReserved(time, place, action));
            } else sim.at(time, action);
          });
          sim.run();
          return seen;
        };
        expect(order(true)).toEqual(order(false));
      }),
    );
  });

  it("tells whether a reserved place has passed, and refuses to queue an event there once it has", () => {
    const sim = new Simulator();
    const place = sim.reserve();
    sim.at(10, () => undefined);
    const later = sim.reserve();
    let checks: boolean[] = [];
    sim.at(10, () => {
      checks = [sim.hasRun(10, place), sim.hasRun(10, later), sim.hasRun(10, sim.reserve()), sim.hasRun(9, later), sim.hasRun(11, place)];
      expect(() => sim.atReserved(10, place, () => undefined)).toThrow(/not an integer time still to come/);
    });
    sim.run();
    expect(checks).toEqual([true, true, false, true, false]);
  });

  it("counts no place at a time the clock reached by `until` as past", () => {
    const sim = new Simulator();
    const place = sim.reserve();
    sim.at(5, () => undefined);
    sim.run({ until: 20 });
    expect(sim.now).toBe(20);
    // Reserved before the event at 5 ran, but nothing at 20 has run yet.
    expect(sim.hasRun(20, place)).toBe(false);
    let ran = false;
    sim.atReserved(20, place, () => (ran = true));
    sim.run();
    expect(ran).toBe(true);
  });

  it("runs the same events in the same order whether it runs them all at once, in slices or under a watcher", () => {
    // Three loops serve `run`: one with nothing watching, one with an event limit, one with a
    // watcher; each must run exactly the events up to `until`, in order, and leave the clock alike.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 50 }), fc.nat({ max: 3 })), { minLength: 1, maxLength: 60 }),
        fc.option(fc.nat({ max: 400 }), { nil: undefined }),
        fc.integer({ min: 1, max: 7 }),
        (plan, until, slice) => {
          const play = (mode: "all" | "slices" | "watched"): { log: string[]; now: number; events: number } => {
            const sim = new Simulator();
            const log: string[] = [];
            let next = 0;
            const step = (id: number) => (): void => {
              log.push(`${id}@${sim.now}`);
              // Each event schedules the next ones of the plan, some at the same time (ties).
              for (let k = 0; k < 2 && next < plan.length; k++) {
                const [delay] = plan[next]!;
                sim.schedule(delay, step(next++));
              }
            };
            for (; next < plan.length && plan[next]![1] === 0; next++) sim.at(plan[next]![0], step(next));
            if (next === 0) sim.at(0, step(next++));
            if (mode === "watched") sim.watch(7, (t) => t + 13);
            const options = until === undefined ? {} : { until };
            if (mode === "slices") while (sim.run({ ...options, maxEvents: slice }) === slice);
            else sim.run(options);
            return { log, now: sim.now, events: sim.events };
          };
          const all = play("all");
          expect(play("slices")).toEqual(all);
          expect(play("watched")).toEqual(all);
        },
      ),
    );
  });

  it("calls a watcher at each of its times before the events there, never after the last event", () => {
    const sim = new Simulator();
    const seen: string[] = [];
    sim.at(10, () => seen.push(`event@${sim.now}`));
    sim.at(20, () => seen.push(`event@${sim.now}`));
    sim.at(45, () => seen.push(`event@${sim.now}`));
    sim.watch(20, (t) => {
      seen.push(`watch@${sim.now}`);
      return t + 20;
    });
    sim.run();
    expect(seen).toEqual(["event@10", "watch@20", "event@20", "watch@40", "event@45"]);
  });

  it("refuses a watcher set by an event, which the running loop would not see", () => {
    const sim = new Simulator();
    sim.at(5, () => sim.watch(10, (t) => t + 10));
    expect(() => sim.run()).toThrow(/call it before run/);
    // The run is over (by the error): a watcher may be set for the next one.
    expect(() => sim.watch(10, (t) => t + 10)).not.toThrow();
  });
});
