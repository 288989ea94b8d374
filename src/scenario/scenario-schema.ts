/**
 * The whole scenario file (README, "Scenario files"), as one zod schema: every field has a
 * default (or is required) and a description; `p2psim schema` prints its JSON Schema.
 */
import { z } from "zod";
import { Platform } from "./platform-schema.js";
import { FabricNode } from "./fabric-schema.js";
import { Workload } from "./workload-schema.js";
import { id, time } from "./quantity-schema.js";
import { scenarioMessage } from "./messages.js";

export const PathVariantName = z
  .string()
  .regex(/^(p2p|bounce|auto|p2p:[A-Za-z][\w.-]*)$/, "a path variant: p2p, bounce, auto, or p2p:<device> to name the P2P buffer's device")
  .describe("p2p: through the BAR Linux would pick; p2p:<id>: through that device's BAR; bounce: through DRAM; auto: what Linux would do");

export const MixedVariant = z
  .object({
    name: id().describe("names the variant in results (not p2p, bounce or auto)"),
    paths: z.record(z.string(), PathVariantName).describe("workload name -> its path in this variant, e.g. { gpu0-to-gpu1: p2p:gpu1, gpu1-to-gpu0: p2p:gpu0 }"),
    default: PathVariantName.default("auto").describe("path of the workloads `paths` does not name"),
  })
  .strict()
  .describe("a variant where each workload takes its own path (one flow P2P and one bounced, or each side of a bidirectional copy writing into the other's BAR)");

const SweepBound = () => z.union([z.string(), z.number()], { error: (issue) => scenarioMessage.sweepBound(issue.input) });

const SweepRange = z
  .object({
    from: SweepBound().describe("the first value: a number, or a size, time or rate with its unit"),
    to: SweepBound().describe("the last value at most, in from's kind"),
    factor: z.number().gt(1).optional().describe("each value is the one before times factor (> 1)"),
    step: z.number().positive().optional().describe("added to each value, in the model's unit of from: bytes for a size, ps for a time, GB/s for a rate"),
  })
  .strict()
  .describe("a range: from .. to, multiplying by factor or adding step (values keep from's unit)");

export const Scenario = z
  .object({
    name: id().describe("names the results folder (the file's own: a preset's name is not inherited)"),
    description: z.string().default(""),
    seed: z.number().int().default(1).describe("seed of every random stream"),
    window: time()
      .refine((ps) => ps > 0, { message: "a window is a positive time, e.g. 100us" })
      .optional()
      .describe(
        "time-series window of every variant (timeseries.csv, the time-series charts), e.g. 100us; default: 64 to 128 windows a run. One that would cut a run into more than 4096 windows is doubled until it fits: each variant's windowNs says the width used. p2psim run --window overrides it; a sweep may vary it",
      ),
    extends: z.string().optional().describe("a preset file whose fields this one overrides, e.g. platforms/intel-skx.yaml"),
    platform: Platform.prefault({}),
    fabric: z.array(FabricNode).min(1).describe("root ports, switches and endpoints; each child names its parent and its link"),
    workloads: z.array(Workload).min(1),
    compare: z
      .array(z.union([PathVariantName, MixedVariant]))
      .min(1)
      .default(["p2p", "bounce"])
      .describe("path variants to run, each on the same topology and workloads: p2p, bounce, auto, p2p:<device>, or { name, paths, default } to choose per workload"),
    sweep: z
      .record(z.string(), z.union([z.array(z.json()).min(1), SweepRange], { error: (issue) => scenarioMessage.sweepAxisShape(issue.input) }), {
        error: (issue) => scenarioMessage.sweepNotMapping(issue.input),
      })
      .optional()
      .describe("axes: field path -> a list of values (any YAML value, e.g. [[], all] for a list field) or a range; every combination runs"),
  })
  .strict();

export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
