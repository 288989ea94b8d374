/** `p2psim export`: a scenario in another tool's format (NCCL's topology XML). */
import { UsageError } from "../messages.js";
import { loadScenario } from "../scenario/load.js";
import { ncclTopoXmlOf } from "../scenario/import/nccl-topo.js";
import { importError } from "../scenario/import/messages.js";
import { parseOptions, type OptionSpec } from "./options.js";
import { writeOutputFile } from "./out-file.js";
import type { Command, Io } from "./command.js";

const FORMATS = ["nccl-topo"] as const;

const OPTIONS = {
  out: { type: "string", short: "o" },
  set: { type: "string", multiple: true, default: [] },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies OptionSpec;

const HELP = `p2psim export: a scenario's topology in another tool's format

Usage: p2psim export nccl-topo SCENARIO [-o FILE.xml] [--set path=value]...

nccl-topo writes NVIDIA NCCL's topology XML (what NCCL_TOPO_FILE reads): one <cpu> per socket,
switches and devices as <pci> elements with link_speed and link_width, GPUs with <gpu>, NICs with
<nic><net>. NCCL's format has no root ports or host bridges, and a scenario has no bus numbers:
they are assigned depth first. Importing the file again (p2psim import nccl-topo) gives the same
fabric, with one host bridge per socket.

Options:
  -o, --out FILE       where to write (default standard output)
  --set PATH=VALUE     change a field of the scenario first, as for p2psim run
  -h, --help           this text

Examples:
  p2psim export nccl-topo scenarios/gds-epyc.yaml -o gds-epyc-topo.xml
  NCCL_TOPO_FILE=gds-epyc-topo.xml ./all_reduce_perf -b 8 -e 128M
`;

export const exportCommand: Command = {
  name: "export",
  summary: "write a scenario's topology as NCCL topology XML",
  run(argv: readonly string[], io: Io): number {
    const { values: v, positionals } = parseOptions(argv, OPTIONS, true);
    if (v.help) {
      io.out(HELP);
      return 0;
    }
    const [format, file, ...extra] = positionals;
    if (format === undefined || file === undefined) throw new UsageError("give a format and a scenario, e.g. p2psim export nccl-topo my-box.yaml -o my-box.xml");
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]!}'`);
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(importError.unknownFormat("export", format, FORMATS));
    const loaded = loadScenario(file, v.set);
    const xml = ncclTopoXmlOf(loaded.topology, loaded.scenario.name);
    if (v.out === undefined) {
      io.out(xml);
      return 0;
    }
    writeOutputFile(v.out, xml);
    io.out(`${v.out}: NCCL topology of ${loaded.scenario.name} (${loaded.topology.sockets.length} cpu, ${loaded.topology.nodes.filter((n) => n.type !== "root-port").length} pci)\n`);
    return 0;
  },
};
