/**
 * Reading a capture (`p2psim import`, and `p2psim report`'s summary.json): at most `CAPTURE_LIMIT_BYTES`, whatever the file claims, so
 * that a device such as /dev/zero or an endless pipe gives a one-line error instead of a hang or an
 * out-of-memory abort. A pipe is fine (`lspci -vvv | p2psim import lspci /dev/stdin`); a folder is not.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { UsageError } from "../../messages.js";
import { importError } from "./messages.js";

/** Largest capture read: an lspci -vvv of a big machine is a few MiB, a sysfs tar some tens. */
export const CAPTURE_LIMIT_BYTES = 256 * 2 ** 20;

/**
 * The bytes of `file`, or a UsageError saying why not (unreadable, a folder, more than `limit` bytes:
 * `tooLarge` says what the file should have been; a capture's message by default).
 */
export function readBounded(file: string, limit = CAPTURE_LIMIT_BYTES, tooLarge: (file: string, limit: number) => string = importError.tooLarge): Buffer {
  const fail = (error: unknown): never => {
    throw new UsageError(importError.cannotRead(file, (error as NodeJS.ErrnoException).code ?? "error"));
  };
  let fd = -1;
  try {
    fd = openSync(file, "r");
    if (fstatSync(fd).isDirectory()) throw Object.assign(new Error("a folder"), { code: "EISDIR" });
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1 << 20, limit + 1 - length));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > limit) throw new UsageError(tooLarge(file, limit));
    }
    return Buffer.concat(chunks, length);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return fail(error);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}
