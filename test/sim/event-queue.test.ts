import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EventQueue } from "../../src/sim/event-queue.js";

describe("EventQueue", () => {
  it("pops events in time order, and in insertion order among equal times", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 400 }), (times) => {
        const queue = new EventQueue();
        const popped: number[] = [];
        times.forEach((t, i) => queue.push(t, () => popped.push(i)));
        while (queue.size > 0) queue.pop()();
        const expected = times.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it("keeps the order when pushes and pops interleave, as a running simulation does", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 20 })), { maxLength: 500 }), (ops) => {
        const queue = new EventQueue();
        const reference: Array<[number, number]> = [];
        const popped: number[] = [];
        let seq = 0;
        for (const [isPop, time] of ops) {
          if (isPop && queue.size > 0) {
            reference.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
            queue.pop()();
            expect(popped.pop()).toBe(reference.shift()![1]);
          } else {
            const id = seq++;
            reference.push([time, id]);
            queue.push(time, () => popped.push(id));
          }
        }
        expect(queue.size).toBe(reference.length);
      }),
    );
  });

  it("grows past its initial capacity without losing events", () => {
    const queue = new EventQueue();
    for (let i = 5000; i > 0; i--) queue.push(i, () => undefined);
    let previous = -Infinity;
    while (queue.size > 0) {
      const t = queue.peekTime();
      expect(t).toBeGreaterThanOrEqual(previous);
      previous = t;
      queue.pop();
    }
    expect(previous).toBe(5000);
    expect(queue.peekTime()).toBe(Infinity);
  });
});
