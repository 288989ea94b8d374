import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Simulator } from "../../src/sim/simulator.js";
import { GiB, KiB, MiB, ns, us, PS_PER_MS, PS_PER_S } from "../../src/sim/units.js";
import { Iommu, IOMMU_DEFAULTS, type IommuParams } from "../../src/fabric/iommu.js";

// Round numbers so every expectation below is a hand calculation.
const HIT = ns(5);
const ACCESS = ns(50);
const BASE = 2 ** 40; // IOVAs above 2^32: page numbers are floats, not 32-bit integers

function rig(overrides: Partial<IommuParams> = {}) {
  const sim = new Simulator();
  const iommu = new Iommu(sim, {
    name: "hb0.iommu",
    mode: "translated",
    iotlb: { entries: 64, ways: 8, pageBytes: 4 * KiB },
    hitLatencyPs: HIT,
    walkAccessLatencyPs: ACCESS,
    walkers: 4,
    walkCacheEntries: 0,
    mapping: "static",
    ...overrides,
  });
  /** Asks for a translation at `timePs`; the result's `at` is when `done` ran (-1 before). */
  const request = (timePs: number, iova: number, requester = 1) => {
    const result = { at: -1, calls: 0 };
    sim.at(timePs, () =>
      iommu.translate(requester, iova, () => {
        result.at = sim.now;
        result.calls++;
      }),
    );
    return result;
  };
  return { sim, iommu, request };
}

describe("Iommu translation", () => {
  it("answers an IOTLB hit exactly the hit latency after the request", () => {
    const { sim, request } = rig();
    request(0, BASE);
    const hit = request(us(1), BASE + 100);
    sim.run();
    expect(hit.at).toBe(us(1) + HIT);
  });

  it("answers a miss on 4 KiB pages after the hit latency plus four page-table accesses", () => {
    const { sim, iommu, request } = rig();
    const miss = request(ns(10), BASE);
    sim.run();
    expect(miss.at).toBe(ns(10) + HIT + 4 * ACCESS);
    expect(iommu.stats).toMatchObject({ lookups: 1, hits: 0, misses: 1, walks: 1, merged: 0, walkWaitPs: 0 });
  });

  it("walks three levels for 2 MiB pages and two for 1 GiB pages", () => {
    for (const [pageBytes, levels] of [[2 * MiB, 3], [1 * GiB, 2]] as const) {
      const { sim, request } = rig({ iotlb: { entries: 32, ways: 4, pageBytes } });
      const miss = request(0, BASE);
      sim.run();
      expect(miss.at).toBe(HIT + levels * ACCESS);
    }
  });

  it("walks only the leaf when the page-walk cache holds the upper levels of a page's 2 MiB region", () => {
    const { sim, iommu, request } = rig({ walkCacheEntries: 8 });
    const first = request(0, BASE);
    // 4 KiB pages: one leaf table covers 512 pages = 2 MiB.
    const sameRegion = request(us(1), BASE + 511 * 4 * KiB);
    const otherRegion = request(us(2), BASE + 2 * MiB);
    sim.run();
    expect(first.at).toBe(HIT + 4 * ACCESS);
    expect(sameRegion.at).toBe(us(1) + HIT + ACCESS);
    expect(otherRegion.at).toBe(us(2) + HIT + 4 * ACCESS);
    expect(iommu.stats.walkCacheHits).toBe(1);
  });

  it("merges eight simultaneous misses to one page into one walk, and all finish together", () => {
    const { sim, iommu, request } = rig();
    const results = Array.from({ length: 8 }, (_, i) => request(ns(3), BASE + 64 * i));
    sim.run();
    expect(results.map((r) => r.at)).toEqual(Array(8).fill(ns(3) + HIT + 4 * ACCESS));
    expect(iommu.stats).toMatchObject({ misses: 8, walks: 1, merged: 7 });
  });

  it("lets a miss that arrives during its page's walk join it and finish with it", () => {
    const { sim, iommu, request } = rig();
    const first = request(0, BASE);
    const late = request(ns(150), BASE + 8);
    sim.run();
    expect(late.at).toBe(first.at);
    expect(first.at).toBe(HIT + 4 * ACCESS);
    expect(iommu.stats.walks).toBe(1);
  });

  it("does not merge misses of two requesters to the same IOVA: each has its own domain", () => {
    const { sim, iommu, request } = rig();
    request(0, BASE, 1);
    request(0, BASE, 2);
    sim.run();
    expect(iommu.stats.walks).toBe(2);
    const again = request(us(1), BASE, 2);
    sim.run();
    expect(again.at).toBe(us(1) + HIT);
  });

  it("with 3 walkers runs 10 simultaneous misses to distinct pages in ceil(10/3) = 4 rounds of a walk", () => {
    const { sim, iommu, request } = rig({ walkers: 3 });
    const results = Array.from({ length: 10 }, (_, i) => request(0, BASE + i * 4 * KiB));
    sim.run();
    const walk = 4 * ACCESS;
    // FIFO: the first three in round 1, the next three in round 2 ...
    expect(results.map((r) => r.at)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4].map((round) => HIT + round * walk));
    // Waits: three walks of one round, three of two, one of three.
    expect(iommu.stats.walkWaitPs).toBe((3 * 1 + 3 * 2 + 1 * 3) * walk);
    expect(iommu.stats.maxWalkersBusy).toBe(3);
    expect(iommu.walkersBusy).toBe(0);
  });

  it("sustains walkers / walk time with the defaults: 4 / 230 ns = 17.4 M walks/s, inside Haswell-EP's measured 16-23 M", () => {
    const { spec } = IOMMU_DEFAULTS;
    const sim = new Simulator();
    const iommu = new Iommu(sim, { name: "iommu", ...spec });
    expect(iommu.walkPs).toBe(ns(230));
    const misses = 1000;
    let last = 0;
    for (let i = 0; i < misses; i++) iommu.translate(1, BASE + i * 4 * KiB, () => (last = sim.now));
    sim.run();
    expect(last).toBe(spec.hitLatencyPs + Math.ceil(misses / spec.walkers) * ns(230));
    const walksPerSecond = (misses * PS_PER_S) / (last - spec.hitLatencyPs);
    expect(walksPerSecond).toBeCloseTo(4 / 230e-9, -3);
    expect(walksPerSecond).toBeGreaterThan(16e6);
    expect(walksPerSecond).toBeLessThan(23e6);
  });
});

describe("Iommu reach", () => {
  /** Hit rate of `count` random single lookups over `workingSet` bytes, after `warmup` more. */
  function hitRate(pageBytes: number, workingSet: number, count: number, warmup: number): number {
    const { sim, iommu } = rig({ iotlb: { entries: 64, ways: 8, pageBytes } });
    const random = sim.random.stream("addresses");
    for (let i = 0; i < warmup + count; i++) {
      // One request per microsecond, so no two ever overlap or merge.
      sim.at(i * us(1), () => {
        if (i === warmup) iommu.stats.hits = iommu.stats.lookups = 0;
        iommu.translate(1, BASE + random.int(workingSet / 64) * 64, () => {});
      });
    }
    sim.run();
    return iommu.stats.hits / iommu.stats.lookups;
  }

  it("hits every time after warm-up when 128 KiB of 4 KiB pages fit in 64 entries (reach 256 KiB)", () => {
    expect(hitRate(4 * KiB, 128 * KiB, 2000, 1000)).toBe(1);
  });

  it("mostly misses over 64 MiB of 4 KiB pages: about 256 KiB / 64 MiB = 0.4% hits", () => {
    expect(hitRate(4 * KiB, 64 * MiB, 2000, 1000)).toBeLessThan(0.02);
  });

  it("hits every time over the same 64 MiB with 2 MiB pages: 32 pages fit in 64 entries", () => {
    expect(hitRate(2 * MiB, 64 * MiB, 2000, 1000)).toBe(1);
  });
});

describe("Iommu modes and mapping", () => {
  it("never walks when off or in passthrough, answering after 0 ps and the passthrough latency", () => {
    for (const [mode, latency] of [["off", 0], ["passthrough", ns(2)]] as const) {
      const { sim, iommu, request } = rig({ mode, passthroughLatencyPs: ns(2), mapping: "strict" });
      const results = [request(0, BASE), request(ns(1), BASE + 4 * KiB)];
      sim.run();
      expect(results.map((r) => r.at)).toEqual([latency, ns(1) + latency]);
      expect(iommu.stats).toMatchObject({ lookups: 0, walks: 0 });
      expect(iommu.map(BASE, 4 * KiB) + iommu.unmap(BASE, 4 * KiB)).toBe(0);
    }
  });

  it("calls done from an event, never from inside translate", () => {
    for (const mode of ["off", "passthrough", "translated"] as const) {
      const { sim, iommu } = rig({ mode });
      let called = false;
      iommu.translate(1, BASE, () => (called = true));
      expect(called).toBe(false);
      sim.run();
      expect(called).toBe(true);
    }
  });

  it("maps and unmaps for free with static mapping, and keeps the entries", () => {
    const { sim, iommu, request } = rig({ mapping: "static" });
    request(0, BASE);
    sim.run();
    expect(iommu.map(BASE, 64 * KiB)).toBe(0);
    expect(iommu.unmap(BASE, 64 * KiB)).toBe(0);
    const again = request(us(1), BASE);
    sim.run();
    expect(again.at).toBe(us(1) + HIT);
  });

  it("charges a map the base cost plus the per-page cost of every page the I/O touches", () => {
    const { iommu } = rig({ mapping: "strict", mapPs: ns(150), perPagePs: ns(10) });
    // 8 KiB starting 1 byte into a page touches 3 pages.
    expect(iommu.map(BASE + 1, 8 * KiB)).toBe(ns(150) + 3 * ns(10));
  });

  it("strict unmap drops the range's entries at once, so the next request misses, and waits for the invalidation", () => {
    const { sim, iommu, request } = rig({ mapping: "strict", unmapPs: ns(100), perPagePs: ns(10), invalidationPs: us(1) });
    request(0, BASE);
    request(0, BASE + 4 * KiB);
    sim.run();
    sim.at(us(1), () => expect(iommu.unmap(BASE, 4 * KiB, 1)).toBe(ns(100) + ns(10) + us(1)));
    sim.run();
    const dropped = request(us(2), BASE);
    const kept = request(us(2), BASE + 4 * KiB);
    sim.run();
    expect(dropped.at).toBe(us(2) + HIT + 4 * ACCESS);
    expect(kept.at).toBe(us(2) + HIT);
    expect(iommu.stats.invalidatedEntries).toBe(1);
  });

  it("strict unmaps at the same time queue for the one invalidation queue", () => {
    const { iommu } = rig({ mapping: "strict", unmapPs: ns(100), perPagePs: 0, invalidationPs: us(1) });
    expect(iommu.unmap(BASE, 4 * KiB)).toBe(ns(100) + us(1));
    expect(iommu.unmap(BASE + 4 * KiB, 4 * KiB)).toBe(ns(100) + 2 * us(1));
    expect(iommu.stats.invalidationWaitPs).toBe(us(1));
  });

  it("strict unmap without a requester drops that range for every requester, with one only that requester's", () => {
    const { sim, iommu, request } = rig({ mapping: "strict" });
    for (const requester of [1, 2, 3]) request(0, BASE, requester);
    sim.run();
    iommu.unmap(BASE, 4 * KiB, 2);
    expect(iommu.stats.invalidatedEntries).toBe(1);
    iommu.unmap(BASE, 4 * KiB);
    expect(iommu.stats.invalidatedEntries).toBe(3);
    expect(iommu.iotlb.size).toBe(0);
  });

  it("a strict unmap during a walk lets the walk answer but caches nothing", () => {
    const { sim, iommu, request } = rig({ mapping: "strict" });
    const during = request(0, BASE);
    sim.at(ns(100), () => iommu.unmap(BASE, 4 * KiB));
    sim.run();
    expect(during.at).toBe(HIT + 4 * ACCESS);
    expect(iommu.iotlb.size).toBe(0);
    const after = request(us(1), BASE);
    sim.run();
    expect(after.at).toBe(us(1) + HIT + 4 * ACCESS);
  });

  it("lazy unmap is cheap and leaves entries valid until every 4th unmap flushes the IOTLB", () => {
    const { sim, iommu, request } = rig({ mapping: "lazy", lazyFlushEntries: 4, unmapPs: ns(100), perPagePs: 0, invalidationPs: us(1) });
    request(0, BASE);
    sim.run();
    const costs = [1, 2, 3].map((i) => iommu.unmap(BASE + i * 4 * KiB, 4 * KiB));
    expect(costs).toEqual([ns(100), ns(100), ns(100)]);
    const stillThere = request(us(1), BASE);
    sim.run();
    expect(stillThere.at).toBe(us(1) + HIT);
    expect(iommu.unmap(BASE, 4 * KiB)).toBe(ns(100) + us(1));
    expect(iommu.stats.flushes).toBe(1);
    const gone = request(us(2), BASE);
    sim.run();
    expect(gone.at).toBe(us(2) + HIT + 4 * ACCESS);
  });

  it("lazy mode flushes 10 ms after the first queued unmap even if the queue never fills", () => {
    const { sim, iommu, request } = rig({ mapping: "lazy" });
    request(0, BASE);
    sim.run();
    sim.at(us(5), () => iommu.unmap(BASE + 4 * KiB, 4 * KiB));
    const before = request(us(5) + 10 * PS_PER_MS - 1, BASE);
    const after = request(us(5) + 10 * PS_PER_MS, BASE);
    sim.run();
    expect(before.at).toBe(us(5) + 10 * PS_PER_MS - 1 + HIT);
    expect(after.at).toBe(us(5) + 10 * PS_PER_MS + HIT + 4 * ACCESS);
    expect(iommu.stats.flushes).toBe(1);
  });

  it("names the component and the bad value in its errors", () => {
    expect(() => rig({ iotlb: { entries: 64, ways: 8, pageBytes: 8 * KiB } })).toThrow(
      "hb0.iommu: IOMMU page size 8192 B is not one of 4 KiB, 2 MiB, 1 GiB",
    );
    expect(() => rig({ walkers: 0 })).toThrow("hb0.iommu: walkers 0 is not a whole number >= 1");
    expect(() => rig({ iotlb: { entries: 64, ways: 7, pageBytes: 4 * KiB } })).toThrow("hb0.iommu: iotlb: ways 7");
    const { iommu } = rig();
    expect(() => iommu.translate(1, 2 ** 48, () => {})).toThrow("IOVA 281474976710656 is not from 0 to 2^48 - 1");
    expect(() => iommu.translate(65536, 0, () => {})).toThrow("requester id 65536");
  });
});

describe("Iommu properties", () => {
  const request = fc.record({
    delayPs: fc.integer({ min: 0, max: ns(300) }),
    requester: fc.integer({ min: 0, max: 2 }),
    page: fc.integer({ min: 0, max: 40 }),
    offset: fc.integer({ min: 0, max: 4095 }),
  });

  /** Issues the requests, each `delayPs` after the previous, and returns when each was answered. */
  function play(requests: { delayPs: number; requester: number; page: number; offset: number }[], walkers: number, walkCacheEntries: number) {
    const { sim, iommu } = rig({ walkers, walkCacheEntries, iotlb: { entries: 16, ways: 4, pageBytes: 4 * KiB } });
    const issued: number[] = [];
    const answered: number[][] = requests.map(() => []);
    let time = 0;
    requests.forEach((r, i) => {
      time += r.delayPs;
      sim.at(time, () => {
        issued[i] = sim.now;
        iommu.translate(r.requester, BASE + r.page * 4 * KiB + r.offset, () => answered[i]!.push(sim.now));
      });
    });
    sim.run();
    return { iommu, issued, answered };
  }

  it("answers every request exactly once, never sooner than the hit latency, and accounts for every lookup", () => {
    fc.assert(
      fc.property(fc.array(request, { maxLength: 120, size: "max" }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, 4), (requests, walkers, pwc) => {
        const { iommu, issued, answered } = play(requests, walkers, pwc);
        answered.forEach((times, i) => {
          expect(times).toHaveLength(1);
          expect(times[0]! - issued[i]!).toBeGreaterThanOrEqual(HIT);
        });
        const s = iommu.stats;
        expect(s.lookups).toBe(requests.length);
        expect(s.hits + s.misses).toBe(s.lookups);
        expect(s.walks + s.merged).toBe(s.misses);
        expect(s.maxWalkersBusy).toBeLessThanOrEqual(walkers);
        expect(iommu.walkersBusy).toBe(0);
      }),
    );
  });

  it("gives the same answer times when the same requests are played again", () => {
    fc.assert(
      fc.property(fc.array(request, { maxLength: 60, size: "max" }), (requests) => {
        expect(play(requests, 2, 4).answered).toEqual(play(requests, 2, 4).answered);
      }),
      { numRuns: 30 },
    );
  });
});

describe("the IOMMU in a saturated stream", () => {
  it("keeps no finished walk reachable, so the TLPs waiting on walks die young (a stream promotes under 2 % of what it allocates)", () => {
    // 64 MiB through the host bridge with the IOMMU translating: a walk every 16 TLPs, each TLP
    // waiting on one. With the walks in a Map (a set and a delete per walk), V8 kept the tables,
    // and through them the walks and their TLPs, alive through minor GCs: 16-20 % of all that was
    // allocated was promoted to the old generation (about 24 % in the second half of this run),
    // against about 0.1 % with an array of walks.
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const cases = pathToFileURL(join(root, "dist/bench/cases.js")).href;
    const script = `import(${JSON.stringify(cases)}).then((m) => m.runCase("host-bridge-p2p", 64 * 2 ** 20))`;
    const run = spawnSync(process.execPath, ["--trace-gc-nvp", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    // The minor GCs of the second half of the run: the first ones also promote what start-up made.
    const minor = run.stdout.split("\n").filter((line) => line.includes("gc=s "));
    expect(minor.length).toBeGreaterThan(8);
    let allocated = 0;
    let promoted = 0;
    for (const line of minor.slice(minor.length >> 1)) {
      allocated += Number(/ allocated=(\d+)/.exec(line)![1]);
      promoted += Number(/ promoted=(\d+)/.exec(line)![1]);
    }
    expect(allocated).toBeGreaterThan(32 * 2 ** 20); // several minor GCs happened
    expect(promoted / allocated).toBeLessThan(0.02);
  });
});
