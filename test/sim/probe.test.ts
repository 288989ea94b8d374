import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Occupancy, Probes, occupancyProbe, readBooked } from "../../src/sim/probe.js";
import { Server } from "../../src/fabric/server.js";
import { serverProbe } from "../../src/fabric/probes.js";

describe("a pool's occupancy", () => {
  it("integrates the level and the time every unit is taken, by hand: 2 units, taken at 0 and 10, one back at 30", () => {
    const pool = new Occupancy(2);
    pool.add(0, 1);
    pool.add(10, 1);
    pool.add(30, -1);
    // level 1 over [0,10), 2 over [10,30), 1 over [30,50): 10 + 40 + 20 = 70 unit x ps.
    expect(pool.levelIntegral(50)).toBe(70);
    expect(pool.saturated(50)).toBe(20);
    expect(pool.peak).toBe(2);
    expect(pool.ops).toBe(2);
  });

  it("counts staging buffers as saturated only while a chunk waits for a slot", () => {
    const slots = new Occupancy(1, true);
    slots.add(0, 1);
    slots.wait(5, 1);
    slots.wait(8, -1);
    expect(slots.saturated(20)).toBe(3);
  });

  it("never reports more saturated time than time, nor a level integral above units x time (Little's law bounds)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.boolean()), { maxLength: 60 }), (steps) => {
        const units = 4;
        const pool = new Occupancy(units);
        let t = 0;
        for (const [dt, take] of steps) {
          t += dt;
          if (take && pool.level < units) pool.add(t, 1);
          else if (!take && pool.level > 0) pool.add(t, -1);
        }
        const end = t + 10;
        expect(pool.saturated(end)).toBeLessThanOrEqual(end);
        expect(pool.levelIntegral(end)).toBeLessThanOrEqual(units * end);
        expect(pool.levelIntegral(end)).toBeGreaterThanOrEqual(units * pool.saturated(end));
      }),
    );
  });
});

describe("probes over servers", () => {
  it("leave out the work a server has booked past the time read", () => {
    const server = new Server({ bandwidthGBps: 1, latencyPs: 0 });
    server.take(1000, 0); // 1000 B at 1 GB/s: busy 0..1 000 000 ps
    const probe = serverProbe(server, { resource: "x", kind: "bar", device: "x" });
    expect(probe.read(250_000)).toEqual({ busyPs: 250_000, bytes: 250, ops: 1 });
    expect(probe.read(2_000_000)).toEqual({ busyPs: 1_000_000, bytes: 1000, ops: 1 });
    expect(probe.capacity.bytesPerSecond).toBe(1e9);
    expect(readBooked({ busyPs: 0, bytes: 0, freePs: 0 }, () => 0, 5)).toEqual({ busyPs: 0, bytes: 0, ops: 0 });
  });

  it("refuses two probes of one name in a run", () => {
    const probes = new Probes();
    const pool = new Occupancy(1);
    probes.add(occupancyProbe(pool, { resource: "a tags", kind: "tags", device: "a", opsUnit: "reads" }));
    expect(() => probes.add(occupancyProbe(pool, { resource: "a tags", kind: "tags", device: "a", opsUnit: "reads" }))).toThrow("two probes named 'a tags'");
  });
});
