/**
 * Transaction Layer Packets: the three kinds the model moves (MWr, MRd, CplD), their sizes, and
 * how a transfer is split into them (PCIe Base Spec r5.0 sections 2.2.7, 2.3.1.1, 2.2.9).
 *
 * - A posted write (MWr) carries at most MPS bytes and never crosses a 4 KiB boundary; a DMA
 *   engine cuts at MPS-aligned addresses (which also respects 4 KiB, since MPS <= 4096).
 * - A read request (MRd) asks for at most MRRS bytes, cut at MRRS-aligned addresses.
 * - Completions (CplD) carry at most MPS bytes (or less, if the completer chooses, e.g. 64 B on
 *   some Intel root complexes); every completion but the last of a request ends on an RCB-aligned
 *   address.
 */
import {
  CPL_HEADER_BYTES,
  ECRC_BYTES,
  FC_DATA_UNIT_BYTES,
  requestHeaderBytes,
} from "./spec.js";

/** TLP kinds; each is also its flow-control class (P, NP, Cpl) index. */
export const TlpKind = { MWr: 0, MRd: 1, CplD: 2 } as const;
export type TlpKind = (typeof TlpKind)[keyof typeof TlpKind];

/** Flow-control classes: posted, non-posted, completion. Same numbers as `TlpKind`. */
export const FcClass = { P: 0, NP: 1, Cpl: 2 } as const;
export type FcClass = (typeof FcClass)[keyof typeof FcClass];
export const FC_CLASS_NAMES = ["P", "NP", "Cpl"] as const;

/** A requester (or completer) ID: bus, device, function packed as in the TLP header. */
export function requesterId(bus: number, device: number, fn: number): number {
  return ((bus & 0xff) << 8) | ((device & 0x1f) << 3) | (fn & 0x7);
}

/** One TLP: what its header and payload say, nothing about where it is (the link keeps that). */
export class Tlp {
  /** Flow-control data credits this TLP consumes (16 B units). */
  readonly dataCredits: number;
  /** Address Type "translated": the address was translated by the device's ATS cache. */
  translated = false;
  /** Address Type "translation request": an ATS request for the translation of `address` (answered by the root complex). */
  translationRequest = false;

  constructor(
    /** MWr, MRd or CplD. */
    readonly kind: TlpKind,
    /** Target address (MWr, MRd); for a CplD the address of its first byte. */
    readonly address: number,
    /** Data bytes carried: the payload of an MWr or CplD, 0 for an MRd. */
    readonly payloadBytes: number,
    /** Bytes asked for by an MRd; for MWr and CplD equal to the payload. */
    readonly lengthBytes: number,
    /** Header + ECRC + payload: the TLP's bytes before the link adds its framing. */
    readonly tlpBytes: number,
    /** Requester ID; completions route back by it. */
    readonly requester: number,
    /** Tag of the non-posted request (MRd and its completions); 0 for MWr. */
    readonly tag: number,
    /** Owner's bookkeeping (the request a completion answers, the transfer a write belongs to). */
    readonly context: unknown,
  ) {
    this.dataCredits = Math.ceil(payloadBytes / FC_DATA_UNIT_BYTES);
  }
}

/** A memory write of `bytes` at `address` (header size follows from the address). */
export function memoryWrite(address: number, bytes: number, requester: number, context: unknown, ecrc = false): Tlp {
  const size = requestHeaderBytes(address) + (ecrc ? ECRC_BYTES : 0) + bytes;
  return new Tlp(TlpKind.MWr, address, bytes, bytes, size, requester, 0, context);
}

/** A memory read request for `bytes` at `address`. */
export function memoryRead(address: number, bytes: number, requester: number, tag: number, context: unknown, ecrc = false): Tlp {
  const size = requestHeaderBytes(address) + (ecrc ? ECRC_BYTES : 0);
  return new Tlp(TlpKind.MRd, address, 0, bytes, size, requester, tag, context);
}

/** Bytes of one ATS translation in a Translation Completion (PCIe Base Spec r5.0 section 10.2.3). */
export const ATS_TRANSLATION_BYTES = 8;

/** An ATS Translation Request for the page at `address` (a non-posted request answered with 8 B). */
export function translationRequest(address: number, requester: number, tag: number, context: unknown): Tlp {
  const tlp = new Tlp(TlpKind.MRd, address, 0, ATS_TRANSLATION_BYTES, requestHeaderBytes(address), requester, tag, context);
  tlp.translationRequest = true;
  return tlp;
}

/** A completion with `bytes` of data starting at `address`, answering `requester`/`tag`. */
export function completion(address: number, bytes: number, requester: number, tag: number, context: unknown, ecrc = false): Tlp {
  const size = CPL_HEADER_BYTES + (ecrc ? ECRC_BYTES : 0) + bytes;
  return new Tlp(TlpKind.CplD, address, bytes, bytes, size, requester, tag, context);
}

// Addresses go past 2^32, so `%` would be a floating-point modulo (a slow runtime call in V8);
// flooring a division is exact for integers below 2^53 and divisors that are powers of two.

/**
 * End (exclusive) of the next request piece from `address`: cut at multiples of `max` (a power of
 * two, as MPS and MRRS are), not past `end`.
 */
export function nextRequestEnd(address: number, end: number, max: number): number {
  const boundary = (Math.floor(address / max) + 1) * max;
  return boundary < end ? boundary : end;
}

/**
 * End (exclusive) of the next completion from `address`: at most `maxPayload` bytes and, unless it
 * is the last, ending on an RCB-aligned address.
 */
export function nextCompletionEnd(address: number, end: number, maxPayload: number, rcb: number): number {
  if (address + maxPayload >= end) return end;
  const limit = address + maxPayload;
  const aligned = Math.floor(limit / rcb) * rcb;
  return aligned > address ? aligned : limit;
}

/** Splits `[address, address + bytes)` into request pieces of at most `max` bytes (for tests and tools). */
export function splitRequest(address: number, bytes: number, max: number): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  const end = address + bytes;
  for (let a = address; a < end; ) {
    const b = nextRequestEnd(a, end, max);
    pieces.push([a, b - a]);
    a = b;
  }
  return pieces;
}

/** Splits a read's completion data into CplD pieces (for tests and tools). */
export function splitCompletions(address: number, bytes: number, maxPayload: number, rcb: number): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  const end = address + bytes;
  for (let a = address; a < end; ) {
    const b = nextCompletionEnd(a, end, maxPayload, rcb);
    pieces.push([a, b - a]);
    a = b;
  }
  return pieces;
}
