import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TranslationCache } from "../../src/fabric/translation-cache.js";
import { KiB, MiB } from "../../src/sim/units.js";

/** The obvious implementation: one array per set, most recently used first. */
class NaiveLru {
  readonly sets: number[][];
  constructor(
    readonly setCount: number,
    readonly ways: number,
  ) {
    this.sets = Array.from({ length: setCount }, () => []);
  }
  private set(key: number): number[] {
    return this.sets[Number(BigInt(key) % BigInt(this.setCount))]!;
  }
  lookup(key: number): boolean {
    const set = this.set(key);
    const at = set.indexOf(key);
    if (at < 0) return false;
    set.splice(at, 1);
    set.unshift(key);
    return true;
  }
  insert(key: number): number {
    const set = this.set(key);
    const at = set.indexOf(key);
    if (at >= 0) {
      set.splice(at, 1);
      set.unshift(key);
      return -1;
    }
    set.unshift(key);
    return set.length > this.ways ? set.pop()! : -1;
  }
  invalidate(key: number): boolean {
    const set = this.set(key);
    const at = set.indexOf(key);
    if (at >= 0) set.splice(at, 1);
    return at >= 0;
  }
}

describe("TranslationCache", () => {
  it("misses a page never inserted, hits it once inserted, and counts both", () => {
    const cache = new TranslationCache({ entries: 64, ways: 8, pageBytes: 4 * KiB });
    expect(cache.lookup(42)).toBe(false);
    expect(cache.insert(42)).toBe(-1);
    expect(cache.lookup(42)).toBe(true);
    expect(cache.stats).toEqual({ lookups: 2, hits: 1, misses: 1, evictions: 0 });
    expect(cache.size).toBe(1);
  });

  it("evicts the least recently used way of a full 2-way set", () => {
    const cache = new TranslationCache({ entries: 4, ways: 2, pageBytes: 4 * KiB });
    // Two sets: even keys go to set 0.
    cache.insert(0);
    cache.insert(2);
    expect(cache.insert(4)).toBe(0);
    expect(cache.setContents(0)).toEqual([4, 2]);
    expect(cache.stats.evictions).toBe(1);
  });

  it("keeps a way that was hit and evicts the other one instead", () => {
    const cache = new TranslationCache({ entries: 4, ways: 2, pageBytes: 4 * KiB });
    cache.insert(0);
    cache.insert(2);
    expect(cache.lookup(0)).toBe(true);
    expect(cache.insert(4)).toBe(2);
    expect(cache.lookup(0)).toBe(true);
    expect(cache.lookup(2)).toBe(false);
    expect(cache.lookup(4)).toBe(true);
    // The other set was never touched.
    expect(cache.setContents(1)).toEqual([]);
  });

  it("only refreshes a key inserted twice, evicting nothing", () => {
    const cache = new TranslationCache({ entries: 2, ways: 2, pageBytes: 4 * KiB });
    cache.insert(1);
    cache.insert(2);
    expect(cache.insert(1)).toBe(-1);
    expect(cache.setContents(0)).toEqual([1, 2]);
    expect(cache.stats.evictions).toBe(0);
  });

  it("spreads 16 consecutive pages over the 4 sets of a 16-entry 4-way cache without an eviction", () => {
    const cache = new TranslationCache({ entries: 16, ways: 4, pageBytes: 4 * KiB });
    for (let page = 1000; page < 1016; page++) cache.insert(page);
    expect(cache.stats.evictions).toBe(0);
    for (let set = 0; set < 4; set++) expect(cache.setContents(set)).toHaveLength(4);
  });

  it("puts pages a multiple of the set count apart in one set, so the fifth of them evicts in a 4-way cache", () => {
    const cache = new TranslationCache({ entries: 16, ways: 4, pageBytes: 4 * KiB });
    for (let i = 0; i < 5; i++) cache.insert(3 + 4 * i);
    expect(cache.stats.evictions).toBe(1);
    expect(cache.setContents(3)).toEqual([19, 15, 11, 7]);
    expect(cache.size).toBe(4);
  });

  it("finds the set of any key below 2^53 exactly, as BigInt arithmetic does", () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 1, max: 4096 }), (key, sets) => {
        const cache = new TranslationCache({ entries: sets, ways: 1, pageBytes: 4 * KiB });
        expect(cache.setOf(key)).toBe(Number(BigInt(key) % BigInt(sets)));
      }),
    );
    const cache = new TranslationCache({ entries: 3, ways: 1, pageBytes: 4 * KiB });
    // 2^53 - 1 = 3 x 3002399751580330 + 1
    expect(cache.setOf(Number.MAX_SAFE_INTEGER)).toBe(1);
  });

  it("turns an address beyond 2^32 into its page number without losing bits", () => {
    const cache = new TranslationCache({ entries: 8, ways: 8, pageBytes: 4 * KiB });
    expect(cache.pageOf(2 ** 40 + 5 * 4096 + 7)).toBe(2 ** 28 + 5);
    const huge = new TranslationCache({ entries: 8, ways: 8, pageBytes: 2 * MiB });
    expect(huge.pageOf(2 ** 47 + 3 * 2 * MiB)).toBe(2 ** 26 + 3);
  });

  it("invalidates one page, then every page a byte range touches", () => {
    const cache = new TranslationCache({ entries: 64, ways: 8, pageBytes: 4 * KiB });
    const base = 2 ** 36; // address 2^48 / 16: a page number above 2^32
    for (let i = 0; i < 10; i++) cache.insert(base + i);
    expect(cache.invalidate(base + 9)).toBe(true);
    expect(cache.invalidate(base + 9)).toBe(false);
    // 8 KiB starting 1 byte into page 2 touches pages 2, 3 and 4.
    expect(cache.invalidateRange((base + 2) * 4096 + 1, 8 * KiB)).toBe(3);
    expect([0, 1, 2, 3, 4, 5].map((i) => cache.contains(base + i))).toEqual([true, true, false, false, false, true]);
    expect(cache.size).toBe(6);
  });

  it("invalidates a range wider than the cache by looking at each entry once", () => {
    const cache = new TranslationCache({ entries: 8, ways: 2, pageBytes: 4 * KiB });
    for (const key of [5, 6, 100, 2 ** 40]) cache.insert(key);
    expect(cache.invalidateKeys(0, 2 ** 41)).toBe(4);
    expect(cache.size).toBe(0);
  });

  it("fills a slot freed by an invalidation before evicting anything", () => {
    const cache = new TranslationCache({ entries: 2, ways: 2, pageBytes: 4 * KiB });
    cache.insert(1);
    cache.insert(2);
    cache.invalidate(2);
    expect(cache.insert(3)).toBe(-1);
    expect(cache.setContents(0)).toEqual([3, 1]);
  });

  it("invalidates the keys a test picks, for keys with a requester folded in", () => {
    const cache = new TranslationCache({ entries: 8, ways: 8, pageBytes: 4 * KiB });
    const span = 2 ** 36;
    for (const requester of [1, 2]) for (const page of [10, 11]) cache.insert(requester * span + page);
    expect(cache.invalidateWhere((key) => key - Math.floor(key / span) * span === 10)).toBe(2);
    expect(cache.contains(span + 11) && cache.contains(2 * span + 11)).toBe(true);
  });

  it("forgets everything on a flush but keeps its statistics", () => {
    const cache = new TranslationCache({ entries: 8, ways: 4, pageBytes: 4 * KiB });
    for (let i = 0; i < 8; i++) cache.insert(i);
    cache.lookup(3);
    cache.flush();
    expect(cache.size).toBe(0);
    expect(cache.lookup(3)).toBe(false);
    expect(cache.stats.hits).toBe(1);
  });

  it("keeps true LRU order in a fully associative cache of 64 entries (indexed, not scanned)", () => {
    const cache = new TranslationCache({ entries: 64, ways: 64, pageBytes: 4 * KiB });
    for (let i = 0; i < 64; i++) cache.insert(i * 1_000_003);
    cache.lookup(0);
    expect(cache.insert(7)).toBe(1_000_003);
    expect(cache.insert(8)).toBe(2 * 1_000_003);
    expect(cache.contains(0)).toBe(true);
  });

  it("behaves like a list per set, most recent first, for any sequence of operations", () => {
    const geometry = fc.constantFrom([1, 1], [4, 2], [8, 8], [12, 4], [64, 32], [48, 16], [40, 20]);
    const op = fc.record({
      kind: fc.constantFrom("lookup", "insert", "insert", "invalidate", "range"),
      key: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 2 ** 52, max: 2 ** 52 + 40 })),
      count: fc.integer({ min: 0, max: 70 }),
    });
    fc.assert(
      fc.property(geometry, fc.array(op, { maxLength: 200, size: "max" }), ([entries, ways], ops) => {
        const cache = new TranslationCache({ entries: entries!, ways: ways!, pageBytes: 4 * KiB });
        const model = new NaiveLru(entries! / ways!, ways!);
        for (const { kind, key, count } of ops) {
          if (kind === "lookup") expect(cache.lookup(key)).toBe(model.lookup(key));
          else if (kind === "insert") expect(cache.insert(key)).toBe(model.insert(key));
          else if (kind === "invalidate") expect(cache.invalidate(key)).toBe(model.invalidate(key));
          else {
            let dropped = 0;
            for (let k = key; k < key + count; k++) if (model.invalidate(k)) dropped++;
            expect(cache.invalidateKeys(key, key + count)).toBe(dropped);
          }
        }
        for (let set = 0; set < model.setCount; set++) expect(cache.setContents(set)).toEqual(model.sets[set]);
        expect(cache.size).toBe(model.sets.reduce((n, set) => n + set.length, 0));
        expect(cache.stats.hits + cache.stats.misses).toBe(cache.stats.lookups);
      }),
    );
  });

  it("names the bad value when the geometry is impossible", () => {
    expect(() => new TranslationCache({ entries: 10, ways: 4, pageBytes: 4096 })).toThrow("ways 4 is not a whole number that divides entries 10");
    expect(() => new TranslationCache({ name: "hb0.iommu: iotlb", entries: 0, ways: 1, pageBytes: 4096 })).toThrow(
      "hb0.iommu: iotlb: entries 0 is not a whole number >= 1",
    );
    expect(() => new TranslationCache({ entries: 4, ways: 4, pageBytes: 4096 }).insert(-1)).toThrow("key -1");
  });
});
