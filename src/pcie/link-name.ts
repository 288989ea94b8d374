/** Parsing of link names such as `gen4x16`. */
import { UsageError, message } from "../messages.js";
import { GENERATION_NAMES, LANE_COUNTS, type Generation, type LaneCount, type LinkConfig } from "./spec.js";

/**
 * Parses a link name: `gen<N>x<lanes>`, case-insensitive, e.g. `gen4x16`.
 * @throws UsageError naming the value and what is allowed.
 */
export function parseLinkName(text: string): LinkConfig {
  const match = /^gen([1-9])x(\d{1,2})$/i.exec(text.trim());
  const gen = match ? (`gen${match[1]!}` as Generation) : undefined;
  const lanes = match ? Number(match[2]) : NaN;
  if (gen === undefined || !GENERATION_NAMES.includes(gen) || !(LANE_COUNTS as readonly number[]).includes(lanes)) {
    throw new UsageError(message.badLink(text));
  }
  return { gen, lanes: lanes as LaneCount };
}

/** The canonical name of a link, e.g. `gen4x16`. */
export function linkName(link: LinkConfig): string {
  return `${link.gen}x${link.lanes}`;
}
