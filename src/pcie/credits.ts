/**
 * Flow-control credit limits a receiver advertises (PCIe Base Spec r5.0 section 2.6.1): header
 * credits (one per TLP) and data credits (16 B each) for posted, non-posted and completion TLPs.
 * `Infinity` stands for the spec's "infinite" advertisement (a 0 in the InitFC DLLP).
 */
import { UsageError, message } from "../messages.js";
import { dataCredits, type PayloadSize } from "./spec.js";

export interface CreditLimits {
  /** Posted request headers. */
  ph: number;
  /** Posted request data, 16 B units. */
  pd: number;
  /** Non-posted request headers. */
  nph: number;
  /** Non-posted request data, 16 B units. */
  npd: number;
  /** Completion headers. */
  cplh: number;
  /** Completion data, 16 B units. */
  cpld: number;
}

/**
 * A root port's receive buffers: 32 KiB of posted data, 128 posted and non-posted headers;
 * completions infinite. Sized, as designers do, to cover the credit loop of a Gen5 x16 link with
 * 4 KiB payloads. (Scenario files set them per port with `buffers:`.)
 */
export const ROOT_PORT_CREDITS: Readonly<CreditLimits> = {
  ph: 128,
  pd: 2048,
  nph: 128,
  npd: 128,
  cplh: Infinity,
  cpld: Infinity,
};

/**
 * A switch port's receive buffers: 16 KiB of posted and of completion data, 64 headers each.
 * Switches advertise finite completion credits (only endpoints and root complexes must not).
 */
export const SWITCH_PORT_CREDITS: Readonly<CreditLimits> = {
  ph: 64,
  pd: 1024,
  nph: 64,
  npd: 64,
  cplh: 64,
  cpld: 1024,
};

/** An endpoint's receive buffers: finite for requests, infinite for completions (the spec requires it). */
export const ENDPOINT_CREDITS: Readonly<CreditLimits> = {
  ph: 128,
  pd: 2048,
  nph: 128,
  npd: 128,
  cplh: Infinity,
  cpld: Infinity,
};

/** Header and data limits of one class (0 P, 1 NP, 2 Cpl) as `[headers, data]`. */
export function classLimits(limits: CreditLimits): Array<[number, number]> {
  return [
    [limits.ph, limits.pd],
    [limits.nph, limits.npd],
    [limits.cplh, limits.cpld],
  ];
}

/** Checks that every class can hold at least one largest TLP, or flow would stop for good. */
export function checkCreditLimits(where: string, limits: CreditLimits, mps: PayloadSize): void {
  const need = dataCredits(mps);
  for (const [name, value, min] of [
    ["ph", limits.ph, 1],
    ["pd", limits.pd, need],
    ["nph", limits.nph, 1],
    ["npd", limits.npd, 0],
    ["cplh", limits.cplh, 1],
    ["cpld", limits.cpld, need],
  ] as const) {
    if (!(value >= min) || (value !== Infinity && !Number.isInteger(value))) {
      throw new UsageError(message.creditLimitTooSmall(where, name, value, min, mps));
    }
  }
}
