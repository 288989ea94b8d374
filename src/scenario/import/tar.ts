/**
 * A small reader of tar archives, enough for a copy of sysfs: POSIX ustar and GNU tar headers
 * (GNU `././@LongLink` long names, pax `path`/`linkpath` records, the ustar name prefix), regular
 * files, folders, symbolic and hard links. Every header's checksum is checked; a truncated or
 * damaged archive is a `UsageError` naming the byte where it went wrong. Written here rather than
 * taken from npm because these ~100 lines are all a sysfs copy needs.
 */
import { UsageError } from "../../messages.js";
import { importError } from "./messages.js";

export interface TarEntry {
  /** Path inside the archive, without a leading `./` or `/`, folders without a trailing `/`. */
  readonly path: string;
  readonly type: "file" | "dir" | "symlink";
  /** File content (a hard link's is its target's). */
  readonly data?: Buffer;
  /** Target of a symbolic link. */
  readonly link?: string;
}

const BLOCK = 512;

/** The entries of a tar archive, in archive order. */
export function readTar(archive: Buffer, file: string): TarEntry[] {
  const entries: TarEntry[] = [];
  const files = new Map<string, Buffer>();
  let longName: string | undefined;
  let longLink: string | undefined;
  let offset = 0;
  const fail = (what: string): never => {
    throw new UsageError(importError.notTar(file, offset, what));
  };
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return entries; // the end-of-archive blocks
    if (!checksumOk(header)) fail("bad header checksum (is it a tar file, and complete?)");
    const size = octal(header.subarray(124, 136));
    if (size === undefined) fail("a header's size is not an octal number");
    const type = String.fromCharCode(header[156]!);
    const start = offset + BLOCK;
    const end = start + size!;
    if (end > archive.length) fail(`the archive ends inside an entry of ${size} bytes (truncated?)`);
    const data = archive.subarray(start, end);
    offset = start + Math.ceil(size! / BLOCK) * BLOCK;
    if (type === "L") {
      longName = cString(data);
      continue;
    }
    if (type === "K") {
      longLink = cString(data);
      continue;
    }
    if (type === "x") {
      const pax = paxRecords(data.toString("utf8"));
      longName = pax.get("path") ?? longName;
      longLink = pax.get("linkpath") ?? longLink;
      continue;
    }
    if (type === "g") continue;
    const prefix = cString(header.subarray(345, 500));
    const name = longName ?? (prefix && header.subarray(257, 262).toString("latin1") === "ustar" ? `${prefix}/${cString(header.subarray(0, 100))}` : cString(header.subarray(0, 100)));
    const link = longLink ?? cString(header.subarray(157, 257));
    longName = undefined;
    longLink = undefined;
    const path = clean(name);
    if (path === "") continue;
    if (type === "5") entries.push({ path, type: "dir" });
    else if (type === "2") entries.push({ path, type: "symlink", link });
    else if (type === "1") {
      const target = files.get(clean(link));
      entries.push({ path, type: "file", data: target ?? Buffer.alloc(0) });
    } else if (type === "0" || type === "\0" || type === "7") {
      files.set(path, data);
      entries.push({ path, type: "file", data });
    }
  }
  if (entries.length === 0) fail("no tar header found");
  return entries;
}

/** Whether a buffer starts like a tar archive (a valid first header). */
export function looksLikeTar(buffer: Buffer): boolean {
  return buffer.length >= BLOCK && checksumOk(buffer.subarray(0, BLOCK)) && !buffer.subarray(0, BLOCK).every((b) => b === 0);
}

function checksumOk(header: Buffer): boolean {
  const stored = octal(header.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return stored === sum;
}

function octal(field: Buffer): number | undefined {
  const text = cString(field).trim();
  if (!/^[0-7]+$/.test(text)) return text === "" ? 0 : undefined;
  return parseInt(text, 8);
}

function cString(field: Buffer): string {
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? field.length : nul).toString("utf8");
}

function paxRecords(text: string): Map<string, string> {
  const records = new Map<string, string>();
  for (const m of text.matchAll(/^\d+ ([^=\n]+)=(.*)$/gm)) records.set(m[1]!, m[2]!);
  return records;
}

function clean(path: string): string {
  return path.replace(/^(\.\/|\/)+/, "").replace(/\/+$/, "");
}
