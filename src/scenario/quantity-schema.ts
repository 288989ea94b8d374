/**
 * Zod types for quantities with units: what a scenario file writes (`4KiB`, `250ns`, `12GB/s`,
 * `gen4x16`) in, the model's units (bytes, picoseconds, GB/s, a link config) out. Their JSON
 * Schema form is the input side (string or number), so editors accept what users write.
 */
import { z } from "zod";
import { quoted, UsageError } from "../messages.js";
import { scenarioMessage } from "./messages.js";
import { parseLinkName } from "../pcie/link-name.js";
import { parseRate, parseSize, parseTime } from "./quantity.js";

function quantity<T>(parse: (text: string) => T, describe: string) {
  return z
    .union([z.string(), z.number()], { error: (issue) => (typeof issue.input === "number" ? scenarioMessage.notFinite(issue.input, describe) : undefined) })
    .transform((value, ctx) => {
      try {
        return parse(String(value));
      } catch (error) {
        ctx.addIssue({ code: "custom", message: error instanceof UsageError ? error.message : String(error) });
        return z.NEVER;
      }
    })
    .describe(describe);
}

/** A size in bytes: `4KiB`, `1500`, `2MB`. */
export const size = () => quantity(parseSize, "a size: bytes with an optional unit B, KiB, MiB, GiB, TiB, KB, MB, GB or TB (e.g. 4KiB)");

/** A time in picoseconds: `250ns`, `20us`. */
export const time = () => quantity(parseTime, "a time with a unit ps, ns, us (or µs), ms or s (e.g. 250ns)");

/** A rate in GB/s: `12GB/s`, `100Gb/s`. */
export const rate = () => quantity(parseRate, "a rate with a unit KB/s, MB/s, GB/s, TB/s, KiB/s .. TiB/s (bytes) or Kb/s, Mb/s, Gb/s, Tb/s (bits) (e.g. 12GB/s)");

/** A PCIe link: `gen4x16`. */
export const link = () => quantity(parseLinkName, "a PCIe link: gen1..gen6 with x1, x2, x4, x8 or x16 (e.g. gen4x16)");

/** One of the payload sizes PCIe allows, written as a size (`256`, `256B`, `4KiB`). */
export const payloadSize = () =>
  size().pipe(
    z.union([z.literal(128), z.literal(256), z.literal(512), z.literal(1024), z.literal(2048), z.literal(4096)], {
      error: (issue) => `${String(issue.input)} is not one of 128, 256, 512, 1024, 2048, 4096`,
    }),
  );

/** A whole number from `min` to `max`. */
export const count = (min: number, max: number) =>
  z.number({ error: (issue) => `${quoted(String(issue.input))} is not a whole number from ${min} to ${max}` }).int(`not a whole number from ${min} to ${max}`).min(min, `not a whole number from ${min} to ${max}`).max(max, `not a whole number from ${min} to ${max}`);

/** An identifier: letters, digits, `-`, `_` and `.`. */
export const id = () => z.string().regex(/^[A-Za-z][\w.-]*$/, "an id starts with a letter and has only letters, digits, '-', '_' and '.'");
