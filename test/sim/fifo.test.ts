import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Fifo } from "../../src/sim/fifo.js";

describe("Fifo", () => {
  it("behaves like an array used as a queue, across growth and wrap-around", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.constant(null)), { maxLength: 300 }), (ops) => {
        const fifo = new Fifo<number>();
        const model: number[] = [];
        for (const op of ops) {
          if (op === null) {
            if (model.length > 0) expect(fifo.shift()).toBe(model.shift());
          } else {
            fifo.push(op);
            model.push(op);
          }
          expect(fifo.length).toBe(model.length);
          expect(fifo.peek()).toBe(model[0]);
        }
      }),
    );
  });
});
