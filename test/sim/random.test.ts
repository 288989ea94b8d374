import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/sim/random.js";

const draw = (streams: RandomStreams, name: string, n = 5) => Array.from({ length: n }, () => streams.stream(name).next());

describe("RandomStreams", () => {
  it("gives the same numbers for the same seed and name", () => {
    expect(draw(new RandomStreams(7), "nic0")).toEqual(draw(new RandomStreams(7), "nic0"));
  });

  it("gives different numbers for another seed or another name", () => {
    const a = draw(new RandomStreams(7), "nic0");
    expect(draw(new RandomStreams(8), "nic0")).not.toEqual(a);
    expect(draw(new RandomStreams(7), "nvme0")).not.toEqual(a);
  });

  it("does not shift one component's numbers when another stream is added", () => {
    const alone = new RandomStreams(3);
    const crowded = new RandomStreams(3);
    crowded.stream("extra").next();
    crowded.stream("extra").next();
    expect(draw(crowded, "ssd")).toEqual(draw(alone, "ssd"));
  });

  it("draws integers in [0, n)", () => {
    const stream = new RandomStreams(1).stream("x");
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(stream.int(7));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
