/**
 * One entry point per capture format: read the files, build the captured machine, plan the
 * scenario, and check it against the schema (an imported scenario that did not validate would be
 * a bug here, not bad input). The CLI's `import` verb and the tests call this.
 */
import { readBounded } from "./read-bounded.js";
import { UsageError } from "../../messages.js";
import { scenarioFromData, type LoadedScenario } from "../load.js";
import type { CapturedMachine } from "./captured-machine.js";
import { machineFromLspci, type Capture } from "./lspci.js";
import { importError } from "./messages.js";
import { machineFromSysfs } from "./sysfs.js";
import { machineFromNcclTopo } from "./nccl-topo.js";
import { importedScenario, type ImportedScenario } from "./to-scenario.js";

/** The formats `p2psim import` reads. */
export const IMPORT_FORMATS = ["lspci", "sysfs", "nccl-topo"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  /** `lspci -tv` beside an `lspci -vvv` capture. */
  readonly tree?: string;
  /** The scenario's name (default: from the file name). */
  readonly name?: string;
}

/** Reads a text file, or says which and why not. */
export function readCapture(file: string): Capture {
  return { text: readBounded(file).toString("utf8"), file };
}

/** The captured machine of `source` in `format`. */
export function captureMachine(format: ImportFormat, source: string | undefined, options: ImportOptions = {}): CapturedMachine {
  switch (format) {
    case "lspci":
      if (source === undefined) throw new UsageError("give the lspci -vvv capture, e.g. p2psim import lspci box.txt");
      return machineFromLspci(readCapture(source), options.tree !== undefined ? readCapture(options.tree) : undefined);
    case "sysfs":
      return machineFromSysfs(source);
    case "nccl-topo": {
      if (source === undefined) throw new UsageError("give the NCCL topology file, e.g. p2psim import nccl-topo nccl-topo.xml");
      const capture = readCapture(source);
      return machineFromNcclTopo(capture.text, capture.file);
    }
  }
}

/** Imports a capture: the scenario text and data, validated. */
export function importCapture(format: ImportFormat, source: string | undefined, options: ImportOptions = {}): ImportedScenario & { loaded: LoadedScenario } {
  const machine = captureMachine(format, source, options);
  const scenario = importedScenario(machine, options.name);
  const loaded = scenarioFromData(structuredClone(scenario.data), `${machine.file} (imported)`);
  return { ...scenario, loaded };
}
