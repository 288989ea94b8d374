/**
 * The IOMMU of a host bridge as a component the root complex calls for every upstream request:
 * `translate(requester, iova, done)` calls `done` (always from a scheduled event) when the
 * translation is available; `map`/`unmap` return what the driver's per-I/O mapping costs the CPU.
 *
 * Translation (mode "translated"):
 * - The IOTLB is a set-associative LRU `TranslationCache` whose keys are (requester, page):
 *   every requester is its own domain (Linux gives each IOMMU group its own DMA domain), so two
 *   devices using the same IOVA do not share entries.
 * - Hit: `done` after `hitLatencyPs`.
 * - Miss: a page walk of `levels x walkAccessLatencyPs` with x86 4-level paging: 4 accesses to a
 *   4 KiB leaf, 3 to a 2 MiB one, 2 to a 1 GiB one. A page-walk cache of `walkCacheEntries`
 *   (fully associative LRU) holds the entries above the leaf, keyed by (requester, iova /
 *   (512 x pageBytes)); a hit there leaves only the leaf access. It is looked up when the walk
 *   starts and filled when the walk ends.
 * - At most `walkers` walks run at once; further walks wait in FIFO order. A miss to a page whose
 *   walk is running or waiting joins that walk (merged) instead of starting another.
 * - When a walk ends its entry goes into the IOTLB (evicting the set's LRU entry if full) and
 *   every miss that waited for it gets `done` `hitLatencyPs` later: the result is returned
 *   through the same lookup pipeline as a hit. So a lone miss costs hit + walk, a miss that
 *   waited for a walker hit + wait + walk, and misses merged into one walk finish together.
 * - "off" and "passthrough": `done` after 0 ps (passthrough: `passthroughLatencyPs`, default 0).
 *
 * Per-I/O mapping (`mapping`, translated mode only; everything is free otherwise):
 * - "static": mapped once up front; `map` and `unmap` cost 0 and never invalidate.
 * - "strict": `unmap` invalidates the IOTLB entries of its range at once and waits for the
 *   hardware to finish the invalidation. The invalidation queue is one per IOMMU and serves
 *   one invalidation at a time, so concurrent unmaps queue behind each other.
 * - "lazy": `unmap` only queues the range (Linux's flush queue); entries stay valid until a
 *   flush of the whole IOTLB and walk cache, which happens every `lazyFlushEntries` unmaps (paid
 *   by the unmap that fills the queue) or `lazyFlushTimeoutPs` after the first queued unmap
 *   (a timer; noticed at the next translate or unmap, no event of its own, charged to no CPU).
 *
 * Defaults and their sources are in `IOMMU_DEFAULTS`. Simplified: one page-walk-cache level
 * (real VT-d caches PML4, PDPT and PD entries separately; a partial hit costs as a full walk
 * here); the page tables are never freed, so strict invalidations leave the walk cache alone;
 * lazy flushes drop every domain's entries (Linux flushes the unmapping domain only); walks in
 * flight when their page is invalidated finish for their waiters but insert nothing; no
 * fault, no page-request (PRI) or ATS traffic here (ATS is a device-side `TranslationCache`).
 */
import type { Simulator } from "../sim/simulator.js";
import { Fifo } from "../sim/fifo.js";
import { double } from "../sim/double.js";
import { OrderedEvents } from "../sim/ordered-events.js";
import { Occupancy, occupancyProbe } from "../sim/probe.js";
import { KiB, ns, us, PS_PER_MS } from "../sim/units.js";
import type { IommuMode, IommuSpec } from "./topology.js";
import { TranslationCache } from "./translation-cache.js";

/** Page-table accesses of one walk with x86 4-level paging, by IOMMU page size: 4 KiB, 2 MiB, 1 GiB. */
export const WALK_LEVELS = { 4096: 4, 2097152: 3, 1073741824: 2 } as const;
export type IommuPageBytes = keyof typeof WALK_LEVELS;

/** Entries in one page-table page (512 x 8 B): the span of the level above the leaf is 512 pages. */
const ENTRIES_PER_TABLE = 512;
/** IOVAs are below 2^48 (4-level paging): a requester's pages fit below `2^48 / pageBytes`. */
const IOVA_LIMIT = 2 ** 48;
/** Requester ids are 16 bits (bus/device/function), so (requester, page) keys stay below 2^52. */
const MAX_REQUESTER = 0xffff;

/**
 * Default values, each with its source or marked as a guess.
 * - `iotlb`: 64 entries of 4 KiB, 8-way. Reach 256 KiB, the "few dozen entries, ~256 KiB"
 *   of the reference README section 2 (pcie-bench, Haswell-EP); 8-way is a guess.
 * - `hitLatencyPs` 5 ns: a guess (the example in DESIGN.md section 3).
 * - `walkAccessLatencyPs` 57.5 ns x 4 levels = 230 ns, the reference's "an IOTLB miss adds
 *   ~230 ns" (README section 2); with `walkCacheEntries` 0 every miss costs the measured 230 ns.
 *   Whether Haswell's VT-d caches upper levels is not public; a walk cache is opt-in.
 * - `walkers` 4: 4 / 230 ns = 17.4 M walks/s, inside the reference's measured 16-23 M walks/s.
 * - `mapping` "static": buffers mapped once, as pcie-bench measured. (Linux's default for
 *   per-I/O mappings on x86 is lazy, CONFIG_IOMMU_DEFAULT_DMA_LAZY; `iommu.strict=1` for strict.)
 * - `passthroughLatencyPs` 0: passthrough translates nothing (a guess that it adds nothing).
 * - `mapPs` 150 ns + `perPagePs` 10 ns per page: a guess for dma_map_page with the per-CPU
 *   IOVA caches (Linux since 4.7: no rbtree walk, no lock) and a few PTE stores. For scale, an
 *   upper bound: the kernel's dma_map_benchmark with 8 threads and 8-page mappings reported
 *   1.0 us per map and 1.3 us per unmap (Qinxin Xia, Huawei, linux-kernel May 2025, "dma-mapping:
 *   benchmark: add support for dma_map_sg"; platform and strictness not stated).
 * - `unmapPs` 100 ns (+ `perPagePs`): a guess (clearing PTEs, freeing the IOVA to the per-CPU cache).
 * - `invalidationPs` 1 us: one IOTLB invalidation plus its wait descriptor. Akaros measured
 *   "800 ns or so" for a VT-d IOTLB flush with the wait for completion (commit 81b6433a,
 *   "proc: iommu: flush the iotlb during shootdowns", 2020); rounded up for the queue round trip
 *   (a guess). Strict mode costs a lot in practice: NVIDIA measured 16.4 M IOPS lazy vs 2.8 M
 *   strict for 8 NVMe SSDs on 2 Grace sockets (NVIDIA/NV-Kernels PR #182, 2025).
 * - `lazyFlushEntries` 256 and `lazyFlushTimeoutPs` 10 ms: Linux's flush queue,
 *   IOVA_DEFAULT_FQ_SIZE and IOVA_DEFAULT_FQ_TIMEOUT in drivers/iommu/dma-iommu.c (the first
 *   deferred flush, Mark Gross's 2008 VT-d patch, used a high-water mark of 250 and 10 ms; recent
 *   kernels use one shared queue of 32768 entries and 1 s where invalidation is costly).
 * - A lazy flush is a domain-wide invalidation and costs `invalidationPs` too (a guess).
 */
export const IOMMU_DEFAULTS = {
  spec: {
    mode: "translated",
    iotlb: { entries: 64, ways: 8, pageBytes: 4 * KiB },
    hitLatencyPs: ns(5),
    walkAccessLatencyPs: ns(57.5),
    walkers: 4,
    walkCacheEntries: 0,
    mapping: "static",
  },
  passthroughLatencyPs: 0,
  mapPs: ns(150),
  unmapPs: ns(100),
  perPagePs: ns(10),
  invalidationPs: us(1),
  lazyFlushEntries: 256,
  lazyFlushTimeoutPs: 10 * PS_PER_MS,
} as const satisfies { spec: IommuSpec } & Record<string, unknown>;

/** What `Iommu` is built from: the scenario's `IommuSpec`, a name, and optional cost overrides. */
export interface IommuParams extends IommuSpec {
  /** Component name, used in messages (e.g. "hb0.iommu"). */
  name: string;
  /** Latency of a request in passthrough mode, ps; default 0. */
  passthroughLatencyPs?: number;
  /** CPU cost of mapping one I/O (IOVA allocation, PTE stores), ps; default 150 ns (guess). */
  mapPs?: number;
  /** CPU cost of unmapping one I/O without its invalidation, ps; default 100 ns (guess). */
  unmapPs?: number;
  /** Further CPU cost of map and of unmap per IOMMU page of the I/O, ps; default 10 ns (guess). */
  perPagePs?: number;
  /** Time the IOMMU takes for one IOTLB invalidation, wait included, ps; default 1 us. */
  invalidationPs?: number;
  /** Lazy mode: unmaps queued before a flush; default 256 (Linux IOVA_DEFAULT_FQ_SIZE). */
  lazyFlushEntries?: number;
  /** Lazy mode: flush this long after the first queued unmap, ps; default 10 ms (Linux). */
  lazyFlushTimeoutPs?: number;
}

export interface IommuStats {
  /** IOTLB lookups (translated mode only). */
  lookups: number;
  hits: number;
  misses: number;
  /** Page walks started. */
  walks: number;
  /** Misses that joined a walk to their page already running or waiting. */
  merged: number;
  /** Walks whose upper levels were in the page-walk cache (leaf access only). */
  walkCacheHits: number;
  /** Total time walks waited for a free walker, ps. */
  walkWaitPs: number;
  /** Most walks running at once. */
  maxWalkersBusy: number;
  maps: number;
  unmaps: number;
  /** IOTLB entries dropped by strict unmaps. */
  invalidatedEntries: number;
  /** Whole-IOTLB flushes (lazy mode). */
  flushes: number;
  /** Total time unmaps waited for the invalidation queue (behind other invalidations), ps. */
  invalidationWaitPs: number;
}

/** A page walk, running or waiting for a walker, and the misses waiting for it. */
interface Walk {
  key: number;
  upperKey: number;
  /** When the walk asked for a walker, ps. */
  requestedPs: number;
  waiters: (() => void)[];
  /** False once the page was invalidated during the walk: the result is not cached. */
  fill: boolean;
}

export class Iommu {
  readonly stats: IommuStats = {
    lookups: 0, hits: 0, misses: 0, walks: 0, merged: 0, walkCacheHits: 0, walkWaitPs: double(0), maxWalkersBusy: 0,
    maps: 0, unmaps: 0, invalidatedEntries: 0, flushes: 0, invalidationWaitPs: double(0),
  };
  readonly iotlb: TranslationCache;
  /** Upper-level (non-leaf) entries; `null` when `walkCacheEntries` is 0. */
  readonly walkCache: TranslationCache | null;

  private readonly mode: IommuMode;
  private readonly bypassPs: number;
  private readonly hitPs: number;
  private readonly walkers: number;
  private readonly pageBytes: number;
  /** Pages in one requester's IOVA space: the stride between requesters' keys. */
  private readonly pagesPerSpace: number;
  private readonly upperBytes: number;
  private readonly upperPerSpace: number;
  private readonly fullWalkPs: number;
  private readonly leafWalkPs: number;
  private readonly perIo: boolean;
  private readonly mapPs: number;
  private readonly unmapPs: number;
  private readonly perPagePs: number;
  private readonly invalidationPs: number;
  private readonly lazyFlushEntries: number;
  private readonly lazyFlushTimeoutPs: number;

  /** Walkers busy over time, for the probes (iommuProbes). */
  readonly walkerLevel: Occupancy;
  /**
   * Walks whose result is still to be cached (running or waiting for a walker), searched by page
   * key; one per page missed and not yet answered, so at most as many as the requests waiting on
   * the IOMMU, and a few in the usual case. Not a `Map`: one set and one delete per walk kept every walk, and the TLPs
   * waiting on it, alive through minor GCs (V8 links each rehashed table to its successor), so the
   * host-bridge case promoted its TLPs to the old generation and spent about a quarter of its
   * time collecting them.
   */
  private readonly walks: Walk[] = [];
  /**
   * Translations answered a fixed time after their cause (a hit or a walk's end: `hitLatencyPs`; a
   * bypass: `passthroughLatencyPs`), so they come due in order: one pending event for all of them.
   */
  private readonly answers: OrderedEvents;
  private readonly waiting = new Fifo<Walk>();
  private busyWalkers = 0;
  /** When the invalidation queue is next free, ps. */
  private invalidationFreePs = double(0);
  /** Lazy mode: unmaps queued since the last flush, and when the timer flushes them. */
  private queuedUnmaps = 0;
  private lazyDeadlinePs = Infinity;

  constructor(
    private readonly sim: Simulator,
    readonly params: IommuParams,
  ) {
    const name = params.name;
    const levels = WALK_LEVELS[params.iotlb.pageBytes as IommuPageBytes];
    if (levels === undefined) throw new Error(`${name}: IOMMU page size ${params.iotlb.pageBytes} B is not one of 4 KiB, 2 MiB, 1 GiB`);
    if (!["off", "passthrough", "translated"].includes(params.mode)) throw new Error(`${name}: mode '${params.mode}' is not one of off, passthrough, translated`);
    if (!["static", "strict", "lazy"].includes(params.mapping)) throw new Error(`${name}: mapping '${params.mapping}' is not one of static, strict, lazy`);
    wholeNumber(name, "walkers", params.walkers, 1);
    wholeNumber(name, "walkCacheEntries", params.walkCacheEntries, 0);
    const d = IOMMU_DEFAULTS;
    this.bypassPs = params.mode === "passthrough" ? (params.passthroughLatencyPs ?? d.passthroughLatencyPs) : 0;
    this.mapPs = params.mapPs ?? d.mapPs;
    this.unmapPs = params.unmapPs ?? d.unmapPs;
    this.perPagePs = params.perPagePs ?? d.perPagePs;
    this.invalidationPs = params.invalidationPs ?? d.invalidationPs;
    this.lazyFlushEntries = params.lazyFlushEntries ?? d.lazyFlushEntries;
    this.lazyFlushTimeoutPs = params.lazyFlushTimeoutPs ?? d.lazyFlushTimeoutPs;
    wholeNumber(name, "lazyFlushEntries", this.lazyFlushEntries, 1);
    for (const [field, value] of [
      ["hitLatencyPs", params.hitLatencyPs], ["walkAccessLatencyPs", params.walkAccessLatencyPs],
      ["passthroughLatencyPs", this.bypassPs], ["mapPs", this.mapPs], ["unmapPs", this.unmapPs],
      ["perPagePs", this.perPagePs], ["invalidationPs", this.invalidationPs], ["lazyFlushTimeoutPs", this.lazyFlushTimeoutPs],
    ] as const) {
      wholeNumber(name, field, value, 0);
    }

    this.answers = new OrderedEvents(sim);
    this.mode = params.mode;
    this.pageBytes = params.iotlb.pageBytes;
    this.pagesPerSpace = IOVA_LIMIT / this.pageBytes;
    this.upperBytes = this.pageBytes * ENTRIES_PER_TABLE;
    this.upperPerSpace = IOVA_LIMIT / this.upperBytes;
    this.fullWalkPs = levels * params.walkAccessLatencyPs;
    this.leafWalkPs = params.walkAccessLatencyPs;
    this.perIo = params.mode === "translated" && params.mapping !== "static";
    this.hitPs = params.hitLatencyPs;
    this.walkers = params.walkers;
    this.walkerLevel = new Occupancy(params.walkers);
    sim.probes.add(occupancyProbe(this.walkerLevel, { resource: `${name} walkers`, kind: "iommu-walkers", device: name, opsUnit: "walks" }));
    sim.probes.add({ resource: `${name} iotlb`, kind: "iotlb", device: name, capacity: { units: params.iotlb.entries }, opsUnit: "misses", read: () => ({ busyPs: 0, bytes: 0, ops: this.stats.misses }) });
    this.iotlb = new TranslationCache({ ...params.iotlb, name: `${name}: iotlb` });
    this.walkCache =
      params.walkCacheEntries > 0
        ? new TranslationCache({ name: `${name}: walk cache`, entries: params.walkCacheEntries, ways: params.walkCacheEntries, pageBytes: this.upperBytes })
        : null;
  }

  /** Time of a page walk that finds nothing in the page-walk cache, ps (levels x access latency). */
  get walkPs(): number {
    return this.fullWalkPs;
  }

  /** Walks running now. */
  get walkersBusy(): number {
    return this.busyWalkers;
  }

  /**
   * Translates `iova` (bytes, below 2^48) for `requester` (its requester id, 0..65535) and calls
   * `done` from a scheduled event when the translation is available: after `hitLatencyPs` on an
   * IOTLB hit, after the walk (and any wait for a walker) plus `hitLatencyPs` on a miss, after 0
   * (or `passthroughLatencyPs`) when the IOMMU does not translate. Never calls `done` synchronously.
   */
  translate(requester: number, iova: number, done: () => void): void {
    const sim = this.sim;
    if (this.mode !== "translated") {
      this.answers.add(sim.now + this.bypassPs, done);
      return;
    }
    if (sim.now >= this.lazyDeadlinePs) this.flushLazy(false);
    if (!(iova >= 0 && iova < IOVA_LIMIT && requester >= 0 && requester <= MAX_REQUESTER)) this.badRequest(requester, iova);
    const page = Math.floor(iova / this.pageBytes);
    const key = requester * this.pagesPerSpace + page;
    const stats = this.stats;
    stats.lookups++;
    if (this.iotlb.lookup(key)) {
      stats.hits++;
      this.answers.add(sim.now + this.hitPs, done);
      return;
    }
    stats.misses++;
    const walk = this.walkTo(key);
    if (walk !== undefined) {
      stats.merged++;
      walk.waiters.push(done);
      return;
    }
    const upperKey = requester * this.upperPerSpace + Math.floor(iova / this.upperBytes);
    const started: Walk = { key, upperKey, requestedPs: sim.now, waiters: [done], fill: true };
    this.walks.push(started);
    if (this.busyWalkers < this.walkers) this.startWalk(started);
    else this.waiting.push(started);
  }

  /**
   * The CPU cost (ps) of mapping `bytes` bytes at `iova` for one I/O: 0 unless the IOMMU
   * translates with per-I/O mapping ("strict" or "lazy"). Mapping never touches the IOTLB.
   */
  map(iova: number, bytes: number): number {
    if (!this.perIo) return 0;
    this.stats.maps++;
    return this.mapPs + this.pagesOf(iova, bytes) * this.perPagePs;
  }

  /**
   * Unmaps `bytes` bytes at `iova` after an I/O and returns the CPU cost (ps): 0 for "static" or
   * without translation. "strict" drops the range's IOTLB entries now and waits for the
   * invalidation (behind any others in the queue); "lazy" queues the range and, every
   * `lazyFlushEntries` unmaps, flushes everything and waits for that. `requester` limits the
   * invalidation to one requester's entries; without it every requester's entries in the range go.
   */
  unmap(iova: number, bytes: number, requester?: number): number {
    if (!this.perIo) return 0;
    const now = this.sim.now;
    if (now >= this.lazyDeadlinePs) this.flushLazy(false);
    this.stats.unmaps++;
    let cost = this.unmapPs + this.pagesOf(iova, bytes) * this.perPagePs;
    if (bytes <= 0) return cost;
    if (this.params.mapping === "strict") {
      this.invalidateRange(iova, bytes, requester);
      cost += this.invalidationWait(now, true);
    } else {
      if (this.queuedUnmaps === 0) this.lazyDeadlinePs = now + this.lazyFlushTimeoutPs;
      this.queuedUnmaps++;
      if (this.queuedUnmaps >= this.lazyFlushEntries) cost += this.flushLazy(true);
    }
    return cost;
  }

  /** Drops every IOTLB and walk-cache entry and forgets running walks' results (e.g. a domain change). */
  flush(): void {
    this.iotlb.flush();
    this.walkCache?.flush();
    for (const walk of this.walks) walk.fill = false;
    this.walks.length = 0;
  }

  private startWalk(walk: Walk): void {
    const sim = this.sim;
    const stats = this.stats;
    this.busyWalkers++;
    this.walkerLevel.add(sim.now, 1);
    if (this.busyWalkers > stats.maxWalkersBusy) stats.maxWalkersBusy = this.busyWalkers;
    stats.walks++;
    stats.walkWaitPs += sim.now - walk.requestedPs;
    let walkPs = this.fullWalkPs;
    if (this.walkCache !== null && this.walkCache.lookup(walk.upperKey)) {
      stats.walkCacheHits++;
      walkPs = this.leafWalkPs;
    }
    sim.schedule(walkPs, () => this.endWalk(walk));
  }

  private endWalk(walk: Walk): void {
    this.busyWalkers--;
    this.walkerLevel.add(this.sim.now, -1);
    if (walk.fill) {
      this.forget(walk);
      this.iotlb.insert(walk.key);
      this.walkCache?.insert(walk.upperKey);
    }
    const answerAt = this.sim.now + this.hitPs;
    for (const done of walk.waiters) this.answers.add(answerAt, done);
    if (this.waiting.length > 0) this.startWalk(this.waiting.shift());
  }

  private pagesOf(iova: number, bytes: number): number {
    if (bytes <= 0) return 0;
    return Math.floor((iova + bytes - 1) / this.pageBytes) - Math.floor(iova / this.pageBytes) + 1;
  }

  /** Strict unmap: drops the range's IOTLB entries and cancels the fill of walks to it. */
  private invalidateRange(iova: number, bytes: number, requester: number | undefined): void {
    const first = Math.floor(iova / this.pageBytes);
    const end = Math.floor((iova + bytes - 1) / this.pageBytes) + 1;
    const span = this.pagesPerSpace;
    const inRange =
      requester === undefined
        ? (key: number) => {
            const page = key - Math.floor(key / span) * span;
            return page >= first && page < end;
          }
        : (key: number) => key >= requester * span + first && key < requester * span + end;
    this.stats.invalidatedEntries +=
      requester === undefined ? this.iotlb.invalidateWhere(inRange) : this.iotlb.invalidateKeys(requester * span + first, requester * span + end);
    // Backwards: `forget` moves the last walk into the place it empties.
    for (let i = this.walks.length - 1; i >= 0; i--) {
      const walk = this.walks[i]!;
      if (inRange(walk.key)) {
        walk.fill = false;
        this.forget(walk);
      }
    }
  }

  /** The walk to page `key` whose result is still to be cached, if any. */
  private walkTo(key: number): Walk | undefined {
    const walks = this.walks;
    for (let i = 0; i < walks.length; i++) if (walks[i]!.key === key) return walks[i];
    return undefined;
  }

  /** Drops `walk` from the walks still to be cached (its result will not be, or is now). */
  private forget(walk: Walk): void {
    const walks = this.walks;
    const at = walks.indexOf(walk);
    if (at < 0) return;
    const last = walks.pop()!;
    if (at < walks.length) walks[at] = last;
  }

  /** Lazy flush of everything; `wait` when an unmap waits for it. Returns that unmap's wait, ps. */
  private flushLazy(wait: boolean): number {
    this.flush();
    this.stats.flushes++;
    this.queuedUnmaps = 0;
    this.lazyDeadlinePs = Infinity;
    const cost = this.invalidationWait(this.sim.now, wait);
    return wait ? cost : 0;
  }

  /**
   * Puts one invalidation in the queue; returns the time from `now` until it is done, ps. `counted`
   * when a CPU waits for it (the timer's flush occupies the queue but keeps no CPU waiting).
   */
  private invalidationWait(now: number, counted: boolean): number {
    const start = this.invalidationFreePs > now ? this.invalidationFreePs : now;
    if (counted) this.stats.invalidationWaitPs += start - now;
    this.invalidationFreePs = start + this.invalidationPs;
    return this.invalidationFreePs - now;
  }

  private badRequest(requester: number, iova: number): never {
    if (!(requester >= 0 && requester <= MAX_REQUESTER && Number.isInteger(requester))) {
      throw new Error(`${this.params.name}: requester id ${requester} is not a whole number from 0 to 65535`);
    }
    throw new Error(`${this.params.name}: IOVA ${iova} is not from 0 to 2^48 - 1`);
  }
}

function wholeNumber(name: string, field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new Error(`${name}: ${field} ${value} is not a whole number >= ${min}`);
}
