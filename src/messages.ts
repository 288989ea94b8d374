/**
 * Every message a user can see, in one place (after vega-lite's log/message.ts). Each names the
 * option, field or component and the bad value, and says what is allowed.
 */

export const message = {
  badLink: (value: string) =>
    `'${value}' is not a PCIe link; allowed: gen1..gen6 with x1, x2, x4, x8 or x16 (e.g. gen4x16)`,
  badPayloadSize: (what: string, value: number | string) =>
    `${what} ${String(value)} is not one of 128, 256, 512, 1024, 2048, 4096`,
  badRcb: (value: number | string) => `RCB ${String(value)} is not one of 64, 128`,
  badSize: (value: string) =>
    `'${value}' is not a size; use a positive whole number of bytes with an optional unit B, KiB, MiB, GiB, KB, MB, GB (e.g. 4KiB)`,
  badTime: (value: string) =>
    `'${value}' is not a time; use a non-negative number with a unit ps, ns, us, ms or s (e.g. 250ns)`,
  badRate: (value: string) =>
    `'${value}' is not a rate; use a positive number with a unit GB/s, MB/s, Gb/s or GT/s (e.g. 12GB/s)`,
  badCount: (what: string, value: string, min: number, max: number) =>
    `${what} '${value}' is not a whole number from ${min} to ${max}`,
  badChoice: (what: string, value: string, allowed: readonly string[]) =>
    `${what} '${value}' is not one of ${allowed.join(", ")}`,
  badNumber: (what: string, value: string, allowed: string) => `${what} '${value}' is not ${allowed}`,
  badOption: (detail: string) => detail,
  unknownCommand: (name: string, known: readonly string[]) =>
    `unknown command '${name}'; commands: ${known.join(", ")}`,
} as const;

/** An error in what the user gave us (an option, a file, a field): shown as one line, exit 2. */
export class UsageError extends Error {
  constructor(text: string) {
    super(text);
    this.name = "UsageError";
  }
}
