/**
 * A set-associative cache of page translations with true LRU replacement in each set: the IOMMU's
 * IOTLB, its page-walk cache, and (later) a device's ATS cache are all one of these.
 *
 * The cache stores keys only; what a key means is the caller's business. A key is a non-negative
 * integer below 2^53, usually a page number (`Math.floor(address / pageBytes)`); a caller that
 * tags entries (with a requester or domain id) folds the tag into the key, e.g.
 * `tag * pagesPerSpace + page`. The set of a key is `key mod sets`, computed with a division and
 * a correction so it stays exact for any key up to 2^53 (no `%` or bit operators, which are slow
 * or wrong on numbers beyond 2^32).
 *
 * Layout: parallel typed arrays, one slot per entry, the slots of set `s` at `s * ways ...`. Each
 * set keeps its slots on a doubly linked list from most to least recently used, with empty slots
 * at the least-recent end, so a hit moves one slot to the front, a victim is always the list's
 * tail, and nothing is allocated per lookup. A set of at most `SCAN_WAYS` ways is searched by a
 * scan; wider sets (a fully associative cache of hundreds of entries) use a key -> slot `Map`.
 */

/** Sets of at most this many ways are searched by scanning; wider ones through an index. */
const SCAN_WAYS = 16;
/** The key of an empty slot (keys are never negative). */
const EMPTY = -1;
/** End of a set's list. */
const NONE = -1;

export interface TranslationCacheParams {
  /** Prefix of error messages, e.g. "hb0.iommu: iotlb"; default "translation cache". */
  name?: string;
  /** Entries in all (a whole number >= 1, divisible by `ways`). */
  entries: number;
  /** Entries per set; `ways === entries` makes the cache fully associative. */
  ways: number;
  /** Bytes one entry translates (4 KiB, 2 MiB, 1 GiB ...); used to turn addresses into keys. */
  pageBytes: number;
}

export interface TranslationCacheStats {
  /** Calls of `lookup`. */
  lookups: number;
  hits: number;
  misses: number;
  /** Valid entries replaced by `insert`. */
  evictions: number;
}

export class TranslationCache {
  readonly entries: number;
  readonly ways: number;
  readonly sets: number;
  readonly pageBytes: number;
  readonly name: string;
  readonly stats: TranslationCacheStats = { lookups: 0, hits: 0, misses: 0, evictions: 0 };

  private readonly keys: Float64Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  /** Most recently used slot of each set. */
  private readonly head: Int32Array;
  /** Least recently used slot of each set (the next victim). */
  private readonly tail: Int32Array;
  /** Key -> slot, for sets too wide to scan; `null` when sets are scanned. */
  private readonly index: Map<number, number> | null;
  private valid = 0;

  constructor(params: TranslationCacheParams) {
    const { entries, ways, pageBytes } = params;
    const name = params.name ?? "translation cache";
    this.name = name;
    if (!Number.isInteger(entries) || entries < 1) throw new Error(`${name}: entries ${entries} is not a whole number >= 1`);
    if (!Number.isInteger(ways) || ways < 1 || entries % ways !== 0) {
      throw new Error(`${name}: ways ${ways} is not a whole number that divides entries ${entries}`);
    }
    if (!Number.isInteger(pageBytes) || pageBytes < 1) throw new Error(`${name}: page size ${pageBytes} B is not a whole number >= 1`);
    this.entries = entries;
    this.ways = ways;
    this.sets = entries / ways;
    this.pageBytes = pageBytes;
    this.keys = new Float64Array(entries);
    this.prev = new Int32Array(entries);
    this.next = new Int32Array(entries);
    this.head = new Int32Array(this.sets);
    this.tail = new Int32Array(this.sets);
    this.index = ways > SCAN_WAYS ? new Map() : null;
    this.flush();
  }

  /** Number of valid entries. */
  get size(): number {
    return this.valid;
  }

  /** The page number (key without a tag) of a byte address. */
  pageOf(address: number): number {
    return Math.floor(address / this.pageBytes);
  }

  /** The set a key belongs to: `key mod sets`, exact for keys up to 2^53. */
  setOf(key: number): number {
    const sets = this.sets;
    if (sets === 1) return 0;
    // The quotient may round to the next integer for keys near 2^53; correct by one set.
    const set = key - Math.floor(key / sets) * sets;
    return set < 0 ? set + sets : set >= sets ? set - sets : set;
  }

  /** True if `key` is cached; a hit makes it the most recently used of its set. Counted in stats. */
  lookup(key: number): boolean {
    const stats = this.stats;
    stats.lookups++;
    const set = this.setOf(key);
    // Fast path: the set's most recent entry (consecutive TLPs of one DMA share a page).
    if (this.keys[this.head[set]!] === key) {
      stats.hits++;
      return true;
    }
    const slot = this.find(key, set);
    if (slot === NONE) {
      this.stats.misses++;
      return false;
    }
    this.stats.hits++;
    this.toFront(slot, set);
    return true;
  }

  /** True if `key` is cached; changes neither the LRU order nor the stats. */
  contains(key: number): boolean {
    return this.find(key, this.setOf(key)) !== NONE;
  }

  /**
   * Caches `key` as the most recently used entry of its set, replacing the least recently used
   * one when the set is full. Returns the evicted key, or -1 if none was (the set had room, or
   * `key` was already cached, in which case it is only moved to the front).
   */
  insert(key: number): number {
    if (!(key >= 0) || Math.floor(key) !== key || key > Number.MAX_SAFE_INTEGER) {
      throw new Error(`${this.name}: key ${key} is not a whole number from 0 to 2^53 - 1`);
    }
    const set = this.setOf(key);
    let slot = this.find(key, set);
    if (slot !== NONE) {
      this.toFront(slot, set);
      return EMPTY;
    }
    slot = this.tail[set]!;
    const evicted = this.keys[slot]!;
    if (evicted !== EMPTY) {
      this.stats.evictions++;
      this.index?.delete(evicted);
    } else {
      this.valid++;
    }
    this.keys[slot] = key;
    this.index?.set(key, slot);
    this.toFront(slot, set);
    return evicted;
  }

  /** Drops `key` if cached; returns whether it was. */
  invalidate(key: number): boolean {
    const set = this.setOf(key);
    const slot = this.find(key, set);
    if (slot === NONE) return false;
    this.clear(slot, set);
    return true;
  }

  /** Drops every key in `[firstKey, endKey)`; returns how many were cached. */
  invalidateKeys(firstKey: number, endKey: number): number {
    let dropped = 0;
    if (endKey - firstKey <= this.entries) {
      for (let key = firstKey; key < endKey; key++) if (this.invalidate(key)) dropped++;
      return dropped;
    }
    // A range wider than the cache: look at each entry once instead of each key.
    const keys = this.keys;
    for (let slot = 0; slot < this.entries; slot++) {
      const key = keys[slot]!;
      if (key !== EMPTY && key >= firstKey && key < endKey) {
        this.clear(slot, this.setOf(key));
        dropped++;
      }
    }
    return dropped;
  }

  /**
   * Drops the pages that `bytes` bytes from `address` touch (keys are untagged page numbers);
   * returns how many were cached.
   */
  invalidateRange(address: number, bytes: number): number {
    if (bytes <= 0) return 0;
    return this.invalidateKeys(this.pageOf(address), Math.floor((address + bytes - 1) / this.pageBytes) + 1);
  }

  /** Drops every cached key for which `test` is true (for tagged keys); returns how many. */
  invalidateWhere(test: (key: number) => boolean): number {
    const keys = this.keys;
    let dropped = 0;
    for (let slot = 0; slot < this.entries; slot++) {
      const key = keys[slot]!;
      if (key !== EMPTY && test(key)) {
        this.clear(slot, this.setOf(key));
        dropped++;
      }
    }
    return dropped;
  }

  /** Drops everything (the LRU order starts afresh; stats are kept). */
  flush(): void {
    const ways = this.ways;
    this.keys.fill(EMPTY);
    for (let set = 0; set < this.sets; set++) {
      const base = set * ways;
      for (let i = 0; i < ways; i++) {
        this.prev[base + i] = i === 0 ? NONE : base + i - 1;
        this.next[base + i] = i === ways - 1 ? NONE : base + i + 1;
      }
      this.head[set] = base;
      this.tail[set] = base + ways - 1;
    }
    this.index?.clear();
    this.valid = 0;
  }

  /** The cached keys of `set` from most to least recently used (for tests and debugging). */
  setContents(set: number): number[] {
    const out: number[] = [];
    for (let slot = this.head[set]!; slot !== NONE; slot = this.next[slot]!) {
      const key = this.keys[slot]!;
      if (key !== EMPTY) out.push(key);
    }
    return out;
  }

  private find(key: number, set: number): number {
    if (this.index !== null) return this.index.get(key) ?? NONE;
    const keys = this.keys;
    const base = set * this.ways;
    const end = base + this.ways;
    for (let slot = base; slot < end; slot++) if (keys[slot] === key) return slot;
    return NONE;
  }

  private clear(slot: number, set: number): void {
    this.index?.delete(this.keys[slot]!);
    this.keys[slot] = EMPTY;
    this.valid--;
    this.unlink(slot, set);
    // Empty slots wait at the least-recent end, so they are filled before anything is evicted.
    const tail = this.tail[set]!;
    this.prev[slot] = tail;
    this.next[slot] = NONE;
    if (tail === NONE) this.head[set] = slot;
    else this.next[tail] = slot;
    this.tail[set] = slot;
  }

  private toFront(slot: number, set: number): void {
    const head = this.head[set]!;
    if (head === slot) return;
    this.unlink(slot, set);
    this.prev[slot] = NONE;
    this.next[slot] = head;
    this.prev[head] = slot;
    this.head[set] = slot;
  }

  private unlink(slot: number, set: number): void {
    const prev = this.prev[slot]!;
    const next = this.next[slot]!;
    if (prev === NONE) this.head[set] = next;
    else this.next[prev] = next;
    if (next === NONE) this.tail[set] = prev;
    else this.prev[next] = prev;
  }
}
