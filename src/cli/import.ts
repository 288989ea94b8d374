/** `p2psim import`: a scenario from a real machine's lspci output, sysfs, or NCCL topology XML. */
import { UsageError } from "../messages.js";
import { IMPORT_FORMATS, importCapture, type ImportFormat } from "../scenario/import/import-capture.js";
import { importError } from "../scenario/import/messages.js";
import { optionValue, oneOfStrings, parseOptions, type OptionSpec } from "./options.js";
import { writeOutputFile } from "./out-file.js";
import type { Command, Io } from "./command.js";

const OPTIONS = {
  out: { type: "string", short: "o" },
  tree: { type: "string" },
  name: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies OptionSpec;

const HELP = `p2psim import: a scenario of a real machine, from what Linux says about it

Usage: p2psim import lspci VVV.txt [--tree TREE.txt] [-o FILE] [--name NAME]
       p2psim import sysfs [DIR | FILE.tar] [-o FILE] [--name NAME]
       p2psim import nccl-topo FILE.xml [-o FILE] [--name NAME]

Writes a commented scenario (to FILE, else to standard output): the PCIe tree with each link at
its trained speed and width, switches, ACS, payload sizes and BARs, host bridges with their device
IDs (so Linux's allow-list decides as on the machine), and a platform preset guessed from the host
bridge or CPU. What the capture cannot know (DRAM, switch latency, media rates) is marked
"assumed" in a comment beside it. A small workload is added so the scenario runs at once.

Formats:
  lspci        lspci -vvv output (as root for links, payload sizes and ACS; -nn and -D welcome);
               --tree gives lspci -tv output, else the tree comes from the bridges' bus numbers
  sysfs        a copy of /sys/devices/pci* (a folder, or a tar file made with tar -cf); without
               an argument, this machine's /sys
  nccl-topo    NCCL's topology XML (NCCL_TOPO_DUMP_FILE)

Options:
  -o, --out FILE   where to write the scenario (default standard output)
  --tree FILE      lspci -tv output of the same machine (lspci only)
  --name NAME      the scenario's name (default from the file name)
  -h, --help       this text

Examples:
  sudo lspci -vvv -nn > box.txt && lspci -tv -nn > box-tree.txt
  p2psim import lspci box.txt --tree box-tree.txt -o box.yaml
  p2psim import sysfs -o this-machine.yaml
  p2psim import nccl-topo nccl-topo.xml -o gpu-box.yaml && p2psim topo gpu-box.yaml
`;

export const importCommand: Command = {
  name: "import",
  summary: "make a scenario from lspci -vvv, sysfs or NCCL topology XML of a real machine",
  run(argv: readonly string[], io: Io): number {
    const { values: v, positionals } = parseOptions(argv, OPTIONS, true);
    if (v.help) {
      io.out(HELP);
      return 0;
    }
    const [formatText, source, ...extra] = positionals;
    if (formatText === undefined) throw new UsageError(`give a format and a capture, e.g. p2psim import lspci box.txt; formats: ${IMPORT_FORMATS.join(", ")}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]!}'`);
    if (!(IMPORT_FORMATS as readonly string[]).includes(formatText)) throw new UsageError(importError.unknownFormat("import", formatText, IMPORT_FORMATS));
    const format = optionValue("format", formatText, oneOfStrings<ImportFormat>(IMPORT_FORMATS));
    if (v.tree !== undefined && format !== "lspci") throw new UsageError("--tree: only for lspci (lspci -tv output)");
    const imported = importCapture(format, source, { ...(v.tree !== undefined ? { tree: v.tree } : {}), ...(v.name !== undefined ? { name: v.name } : {}) });
    for (const note of imported.notes) io.err(`p2psim import: note: ${note}\n`);
    if (v.out === undefined) {
      io.out(imported.text);
      return 0;
    }
    writeOutputFile(v.out, imported.text);
    const nodes = imported.loaded.scenario.fabric.length;
    io.out(`${v.out}: ${nodes} fabric nodes, workload ${imported.loaded.scenario.workloads[0]!.name}; next: p2psim topo ${v.out}\n`);
    return 0;
  },
};
