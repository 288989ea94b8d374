/**
 * One workload's data movement: source -> staging buffer -> destination, I/O by I/O, chunk by
 * chunk (docs/design.md, "Workloads").
 *
 * An I/O of `ioBytes` is cut into chunks; each chunk takes a slot of the staging buffer (a bounce
 * buffer in DRAM, or BAR memory on a device) and goes through up to four stages, each starting when
 * the previous one has finished for that chunk:
 *   produce (the source's media: flash, wire) -> leg 1 (the source DMAs it into the buffer) ->
 *   leg 2 (the destination DMAs it out of the buffer) -> consume (the destination's media).
 * A leg is skipped when the buffer is in that device (the SSD's own CMB, the GPU's own BAR), and
 * host memory as a source or destination is the buffer itself. Leg 1 ends when every byte it wrote
 * is stored (posted writes are tracked to where they land); leg 2 when every completion is back.
 * `queueDepth` I/Os are in flight; a buffer pool also bounds the chunks in flight. Every I/O's latency
 * (from its start to its last chunk consumed) is recorded.
 */
import type { Simulator } from "../sim/simulator.js";
import { Fifo } from "../sim/fifo.js";
import { double } from "../sim/double.js";
import { Occupancy, occupancyProbe } from "../sim/probe.js";
import type { RandomStream } from "../sim/random.js";
import type { Endpoint } from "../fabric/endpoint.js";
import type { Stage } from "../fabric/media.js";
import { LatencyRecorder } from "./latency.js";

/**
 * Where chunks go. A `pool` is a staging buffer of slots, one chunk each, that bounds the chunks in
 * flight (bounce buffers in DRAM, BAR memory on a device). A `region` is host memory that is itself
 * the source or destination: each I/O gets an address in the working set, sequential or random.
 */
export type BufferSpace =
  | { kind: "pool"; base: number; slotBytes: number; slots: number }
  | { kind: "region"; base: number; workingSetBytes: number };

export interface TransferParams {
  name: string;
  /** The DMA queue this flow uses on each device (one per flow, so flows do not block each other). */
  queue?: number;
  /** The device that writes the data into the buffer (leg 1), or none. */
  writer?: Endpoint;
  /** The device that reads the data out of the buffer (leg 2), or none. */
  reader?: Endpoint;
  /** Media producing each chunk before leg 1 (the source's flash or wire), or none. */
  produce?: Stage;
  /** Media consuming each chunk after leg 2 (the destination's flash or wire), or none. */
  consume?: Stage;
  buffer: BufferSpace;
  /** Order of I/O addresses in a region (a pool hands out free slots in order). */
  pattern: "sequential" | "random";
  random: RandomStream;
  /** Bytes to move; Infinity to run for `durationPs` instead. */
  totalBytes: number;
  /** Start no new I/O this long after the start (default: no limit). */
  durationPs?: number;
  ioBytes: number;
  chunkBytes: number;
  queueDepth: number;
  startPs: number;
  /**
   * Per-I/O DMA mapping (an IOMMU with strict or lazy mapping): the CPU cost, ps, of mapping a
   * chunk's buffer before its first DMA, and of unmapping it (invalidating its translations, if
   * strict) after its last, before the buffer is used again.
   */
  mapPs?: (address: number, bytes: number) => number;
  unmapPs?: (address: number, bytes: number) => number;
}

interface Io {
  startPs: number;
  chunksLeft: number;
  /** Address of the I/O's first byte, in a region. */
  address: number;
}

interface Chunk {
  io: Io;
  bytes: number;
  slot: number;
  address: number;
}

export class TransferFlow {
  readonly latency = new LatencyRecorder();
  bytesDone = double(0);
  iosDone = 0;
  firstStartPs = NaN;
  lastEndPs = NaN;

  /** Chunks holding or waiting for a staging-buffer slot (a pool only), for the probes. */
  readonly bufferLevel: Occupancy | undefined = undefined;
  private bytesIssued = double(0);
  private readonly freeSlots = new Fifo<number>();
  private readonly waitingChunks = new Fifo<Chunk>();
  private regionCursor = 0;

  constructor(
    private readonly sim: Simulator,
    readonly params: TransferParams,
  ) {
    if (!Number.isFinite(params.totalBytes) && params.durationPs === undefined) throw new Error(`${params.name}: needs a size or a duration`);
    const buffer = params.buffer;
    if (buffer.kind === "pool") {
      if (params.chunkBytes > buffer.slotBytes) throw new Error(`${params.name}: chunk larger than a buffer slot`);
      for (let i = 0; i < buffer.slots; i++) this.freeSlots.push(i);
      this.bufferLevel = new Occupancy(buffer.slots, true);
      sim.probes.add(occupancyProbe(this.bufferLevel, { resource: `${params.name} buffers`, kind: "buffers", device: params.name, opsUnit: "chunks" }));
    } else if (buffer.workingSetBytes < params.ioBytes) {
      throw new Error(`${params.name}: working set smaller than one I/O`);
    }
  }

  /** Schedules the flow's first I/Os at its start time. */
  start(): void {
    this.sim.at(Math.max(this.sim.now, this.params.startPs), () => {
      for (let i = 0; i < this.params.queueDepth; i++) this.startIo();
    });
  }

  /** True once every byte has been moved (for a timed flow: every I/O it started is done). */
  get finished(): boolean {
    return this.bytesDone >= Math.min(this.params.totalBytes, this.bytesIssued);
  }

  /** Bytes the flow set out to move (for a timed flow, what it started before its time was up). */
  get bytesPlanned(): number {
    return Math.min(this.params.totalBytes, this.bytesIssued);
  }

  private startIo(): void {
    const p = this.params;
    if (this.bytesIssued >= p.totalBytes) return;
    if (p.durationPs !== undefined && this.sim.now >= Math.max(p.startPs, this.firstStartPs) + p.durationPs) return;
    const ioBytes = Math.min(p.ioBytes, p.totalBytes - this.bytesIssued);
    this.bytesIssued += ioBytes;
    const now = this.sim.now;
    if (Number.isNaN(this.firstStartPs)) this.firstStartPs = now;
    const io: Io = { startPs: now, chunksLeft: Math.ceil(ioBytes / p.chunkBytes), address: this.ioAddress() };
    for (let offset = 0; offset < ioBytes; offset += p.chunkBytes) {
      this.admit({ io, bytes: Math.min(p.chunkBytes, ioBytes - offset), slot: -1, address: io.address + offset });
    }
  }

  /** Where the next I/O starts in a region: I/O-aligned, sequential (wrapping) or random. */
  private ioAddress(): number {
    const p = this.params;
    const buffer = p.buffer;
    if (buffer.kind === "pool") return 0;
    const positions = Math.floor(buffer.workingSetBytes / p.ioBytes);
    const index = p.pattern === "random" ? p.random.int(positions) : this.regionCursor++ % positions;
    return buffer.base + index * p.ioBytes;
  }

  /** In a pool, gives the chunk a free slot or queues it until one is free; in a region, sends it on. */
  private admit(chunk: Chunk): void {
    const buffer = this.params.buffer;
    if (buffer.kind === "pool") {
      if (this.freeSlots.length === 0) {
        this.bufferLevel!.wait(this.sim.now, 1);
        return this.waitingChunks.push(chunk);
      }
      this.bufferLevel!.add(this.sim.now, 1);
      chunk.slot = this.freeSlots.shift();
      chunk.address = buffer.base + chunk.slot * buffer.slotBytes;
    }
    this.produce(chunk);
  }

  private produce(chunk: Chunk): void {
    const map = this.params.mapPs?.(chunk.address, chunk.bytes) ?? 0;
    if (map > 0) this.sim.schedule(map, () => this.startProduce(chunk));
    else this.startProduce(chunk);
  }

  private startProduce(chunk: Chunk): void {
    const media = this.params.produce;
    if (media === undefined) return this.leg1(chunk);
    this.sim.at(media.take(chunk.bytes, this.sim.now), () => this.leg1(chunk));
  }

  private leg1(chunk: Chunk): void {
    const writer = this.params.writer;
    if (writer === undefined) return this.leg2(chunk);
    let left = chunk.bytes;
    let storedAt = 0;
    writer.dma.submit({
      op: "write",
      queue: this.params.queue ?? 0,
      address: chunk.address,
      bytes: chunk.bytes,
      onDelivered: (bytes, atPs) => {
        left -= bytes;
        if (atPs > storedAt) storedAt = atPs;
        if (left === 0) this.sim.at(Math.max(storedAt, this.sim.now), () => this.leg2(chunk));
      },
    });
  }

  private leg2(chunk: Chunk): void {
    const reader = this.params.reader;
    if (reader === undefined) return this.consume(chunk);
    reader.dma.submit({ op: "read", queue: this.params.queue ?? 0, address: chunk.address, bytes: chunk.bytes, onDone: () => this.consume(chunk) });
  }

  private consume(chunk: Chunk): void {
    const media = this.params.consume;
    if (media === undefined) return this.chunkDone(chunk);
    this.sim.at(media.take(chunk.bytes, this.sim.now), () => this.chunkDone(chunk));
  }

  private chunkDone(chunk: Chunk): void {
    const unmap = this.params.unmapPs?.(chunk.address, chunk.bytes) ?? 0;
    if (unmap > 0) this.sim.schedule(unmap, () => this.chunkReleased(chunk));
    else this.chunkReleased(chunk);
  }

  private chunkReleased(chunk: Chunk): void {
    this.bytesDone += chunk.bytes;
    if (chunk.slot >= 0) {
      this.bufferLevel!.add(this.sim.now, -1);
      this.freeSlots.push(chunk.slot);
      if (this.waitingChunks.length > 0) {
        this.bufferLevel!.wait(this.sim.now, -1);
        this.admit(this.waitingChunks.shift());
      }
    }
    if (--chunk.io.chunksLeft > 0) return;
    const now = this.sim.now;
    this.latency.add(now - chunk.io.startPs);
    this.iosDone++;
    this.lastEndPs = now;
    this.startIo();
  }
}
