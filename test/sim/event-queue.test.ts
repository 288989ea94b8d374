import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EventQueue } from "../../src/sim/event-queue.js";

/** Drains `queue` with `take` and checks it gives `reference`'s keys in `(time, seq)` order, then nothing. */
function expectDrainsInOrder(queue: EventQueue, reference: Array<[number, number]>, take: (limit: number) => unknown): void {
  reference.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [time, seq] of reference) {
    expect(take(Infinity)).toBeDefined();
    expect([queue.poppedTime, queue.poppedSeq]).toEqual([time, seq]);
  }
  expect(take(Infinity)).toBeUndefined();
  expect(queue.size).toBe(0);
}

// The queue is a heap while small and a calendar queue while large: run every test with the
// switch-over at its default, and low enough that the calendar and the switches both get exercised.
describe.each([
  ["as built", undefined],
  ["switching to a calendar above 8 events", 8],
  ["a calendar queue from 2 events on", 2],
])("EventQueue, %s", (_, calendarAbove) => {
  const newQueue = (): EventQueue => new EventQueue(calendarAbove);

  it("pops events in time order, and in insertion order among equal times", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 400 }), (times) => {
        const queue = newQueue();
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
        const queue = newQueue();
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
    const queue = newQueue();
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

  it("pops a simulation's events in (time, seq) order: spread-out times, far outliers, reserved places, a drifting spacing", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 }), fc.nat({ max: 1_000_000 })), { minLength: 1, maxLength: 600 }),
        (steps) => {
          const queue = newQueue();
          const reference: Array<[number, number]> = [];
          let now = 0;
          let scale = 1;
          const reserved: Array<[number, number]> = [];
          for (const [kind, pushes, r] of steps) {
            if (kind === 0 && queue.size > 0) {
              reference.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
              const [time, seq] = reference.shift()!;
              expect(queue.popDue(Infinity)).toBeDefined();
              expect([queue.poppedTime, queue.poppedSeq]).toEqual([time, seq]);
              now = time;
              continue;
            }
            if (kind === 1) scale = scale === 1 ? 100_000 : 1; // the spacing of events drifts
            for (let p = 0; p < pushes; p++) {
              const time = now + (r % 7 === 0 ? r * 1000 : ((r + p * 7919) % 97) * scale);
              if (kind === 2) {
                const seq = queue.reserve();
                reserved.push([time, seq]);
              } else {
                const seq = queue.reserve();
                queue.pushReserved(time, seq, () => undefined);
                reference.push([time, seq]);
              }
            }
            if (kind === 3 && reserved.length > 0) {
              const [time, seq] = reserved.pop()!;
              if (time >= now) {
                queue.pushReserved(time, seq, () => undefined);
                reference.push([time, seq]);
              }
            }
          }
          expectDrainsInOrder(queue, reference, (limit) => queue.popDue(limit));
        },
      ),
    );
  });

  it("takes events as the event loop does (held while they run, replaced by the first push) in the same order as popping them", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 }), fc.nat({ max: 10_000 })), { minLength: 1, maxLength: 500 }),
        (steps) => {
          const queue = newQueue();
          const reference: Array<[number, number]> = [];
          const reserved: Array<[number, number]> = [];
          let now = 0;
          for (const [kind, pushes, r] of steps) {
            if (kind <= 1 && reference.length > 0) {
              // An event runs: taken (kind 0) or popped (kind 1), then it schedules `pushes` more.
              reference.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
              const [time, seq] = reference.shift()!;
              expect(kind === 0 ? queue.takeDue(Infinity) : queue.popDue(Infinity)).toBeDefined();
              expect([queue.poppedTime, queue.poppedSeq]).toEqual([time, seq]);
              expect(queue.size).toBe(reference.length);
              now = time;
            } else if (kind === 2) {
              reserved.push([now + (r % 50), queue.reserve()]);
            } else if (kind === 3 && reserved.length > 0) {
              // A place reserved earlier, possibly before the event just taken (at the same time).
              const [time, seq] = reserved.shift()!;
              if (time >= now) {
                queue.pushReserved(time, seq, () => undefined);
                reference.push([time, seq]);
              }
            } else if (kind === 4) {
              expect(queue.peekTime()).toBe(reference.length === 0 ? Infinity : Math.min(...reference.map(([t]) => t)));
            }
            for (let p = 0; p < pushes; p++) {
              const time = now + ((r + p * 7919) % 97);
              const seq = queue.reserve();
              queue.pushReserved(time, seq, () => undefined);
              reference.push([time, seq]);
            }
          }
          expectDrainsInOrder(queue, reference, (limit) => queue.takeDue(limit));
        },
      ),
    );
  });

  it("pops only events due by the limit, leaving the rest", () => {
    const queue = newQueue();
    for (let t = 0; t < 100; t++) queue.push(t * 10, () => undefined);
    let popped = 0;
    while (queue.popDue(495) !== undefined) popped++;
    expect(popped).toBe(50);
    expect(queue.size).toBe(50);
    expect(queue.peekTime()).toBe(500);
    queue.push(497, () => undefined);
    expect(queue.popDue(500)).toBeDefined();
    expect(queue.poppedTime).toBe(497);
  });

  it("keeps insertion order among equal times when it re-lays itself, whatever slots the events took", () => {
    const queue = newQueue();
    const popped: number[] = [];
    // Free a few slots, then fill them with later events at an already crowded time, and grow.
    for (let i = 0; i < 6; i++) queue.push(1, () => popped.push(-1));
    for (let i = 0; i < 3; i++) queue.pop()();
    for (let i = 0; i < 300; i++) queue.push(5, () => popped.push(i));
    for (let i = 0; i < 3; i++) queue.pop()();
    popped.length = 0;
    while (queue.size > 0) queue.pop()();
    expect(popped).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });
});

