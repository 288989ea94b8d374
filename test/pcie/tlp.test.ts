import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { memoryRead, memoryWrite, completion, requesterId, splitCompletions, splitRequest, TlpKind } from "../../src/pcie/tlp.js";

const sizes = fc.constantFrom(128, 256, 512, 1024, 2048, 4096);
const rcbs = fc.constantFrom(64, 128);

describe("TLPs", () => {
  it("splits a 4 KiB write at MPS 256 into 16 TLPs", () => {
    const pieces = splitRequest(2 ** 32, 4096, 256);
    expect(pieces).toHaveLength(16);
    expect(pieces.every(([, n]) => n === 256)).toBe(true);
  });

  it("cuts an unaligned request at MPS-aligned addresses", () => {
    expect(splitRequest(100, 600, 256)).toEqual([[100, 156], [256, 256], [512, 188]]);
  });

  it("never makes a request piece larger than the limit or crossing a 4 KiB boundary, and covers every byte once", () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), fc.integer({ min: 1, max: 1 << 16 }), sizes, (address, bytes, max) => {
        let next = address;
        for (const [a, n] of splitRequest(address, bytes, max)) {
          const ok = a === next && n > 0 && n <= max && Math.floor(a / 4096) === Math.floor((a + n - 1) / 4096);
          if (!ok) return false;
          next = a + n;
        }
        return next === address + bytes;
      }),
    );
  });

  it("ends every completion but the last on an RCB boundary and keeps each within MPS", () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 36 }), fc.integer({ min: 1, max: 4096 }), sizes, rcbs, (address, bytes, mps, rcb) => {
        const pieces = splitCompletions(address, bytes, mps, rcb);
        pieces.forEach(([a, n], i) => {
          expect(n).toBeLessThanOrEqual(mps);
          if (i < pieces.length - 1) expect((a + n) % rcb).toBe(0);
        });
        expect(pieces.reduce((s, [, n]) => s + n, 0)).toBe(bytes);
      }),
    );
  });

  it("returns a 512 B read at MPS 256 as two 256 B completions, and as eight with 64 B completions", () => {
    expect(splitCompletions(0, 512, 256, 64).map(([, n]) => n)).toEqual([256, 256]);
    expect(splitCompletions(0, 512, 64, 64)).toHaveLength(8);
    // An unaligned start: the first completion runs to an RCB boundary within MPS.
    expect(splitCompletions(96, 512, 256, 64).map(([, n]) => n)).toEqual([224, 256, 32]);
  });

  it("sizes TLPs: header + ECRC + payload, with 1 header credit and 16 B data credits", () => {
    const write = memoryWrite(2 ** 32, 100, 0x0100, null);
    expect(write.kind).toBe(TlpKind.MWr);
    expect(write.tlpBytes).toBe(16 + 100);
    expect(write.dataCredits).toBe(7);
    const read = memoryRead(0x1000, 512, 0x0100, 5, null, true);
    expect(read.tlpBytes).toBe(12 + 4);
    expect(read.payloadBytes).toBe(0);
    expect(read.dataCredits).toBe(0);
    const cpl = completion(0x1000, 256, 0x0100, 5, null);
    expect(cpl.tlpBytes).toBe(12 + 256);
    expect(cpl.tag).toBe(5);
  });

  it("packs requester IDs as bus:device.function", () => {
    expect(requesterId(3, 0, 1)).toBe(0x0301);
    expect(requesterId(0xff, 31, 7)).toBe(0xffff);
  });
});
