import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/app.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = join(ROOT, "test/fixtures/import");

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
const scratch = () => mkdtempSync(join(tmpdir(), "p2psim-import-cli-"));

describe("p2psim import", () => {
  it("writes a commented scenario that p2psim topo and check accept, with notes on stderr", async () => {
    const dir = scratch();
    const out = join(dir, "box.yaml");
    const r = await cli("import", "lspci", join(FIXTURES, "single-socket.lspci-vvv.txt"), "--tree", join(FIXTURES, "single-socket.lspci-tv.txt"), "-o", out);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${out}: 10 fabric nodes, workload nvme1-to-nvme0; next: p2psim topo ${out}\n`);
    expect(r.err).toMatch(/^p2psim import: note: tree from .*single-socket\.lspci-tv\.txt \(lspci -tv\)\n$/);
    expect(readFileSync(out, "utf8")).toMatch(/^# Imported by p2psim from single-socket\.lspci-vvv\.txt \(lspci -vvv and lspci -tv\)\.\n/);
    expect(readdirSync(dir)).toEqual(["box.yaml"]);
    const topo = await cli("topo", out);
    expect(topo.code).toBe(0);
    expect(topo.out).toMatch(/nvme0 +X +BUS 4 PIX/);
    expect((await cli("check", out)).code).toBe(0);
  });

  it("prints the scenario on standard output without -o", async () => {
    const r = await cli("import", "nccl-topo", join(FIXTURES, "gpu-box.nccl-topo.xml"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\nname: gpu-box\.nccl-topo\n/);
  });

  it("says what is wrong with bad input in one line and exits 2", async () => {
    const missing = await cli("import", "lspci", "/nonexistent/box.txt");
    expect(missing).toMatchObject({ code: 2, out: "" });
    expect(missing.err).toBe("p2psim import: /nonexistent/box.txt: cannot read it (ENOENT)\n");
    const format = await cli("import", "dmesg", "x.txt");
    expect(format.err).toBe("p2psim import: import: unknown format 'dmesg'; formats: lspci, sysfs, nccl-topo\n");
    const tree = await cli("import", "sysfs", join(FIXTURES, "single-socket.sysfs"), "--tree", "x.txt");
    expect(tree.err).toBe("p2psim import: --tree: only for lspci (lspci -tv output)\n");
    const garbage = await cli("import", "lspci", join(FIXTURES, "gpu-box.nccl-topo.xml"));
    expect(garbage.code).toBe(2);
    expect(garbage.err).toMatch(/gpu-box\.nccl-topo\.xml:1: expected a device record such as '00:01\.0 PCI bridge: \.\.\.' \(lspci -vvv\), found '<system version="1">'\n$/);
  });

  it("has help with examples", async () => {
    const r = await cli("import", "--help");
    expect(r.out).toMatch(/Usage: p2psim import lspci VVV\.txt[\s\S]*Examples:\n\s+sudo lspci -vvv -nn/);
  });
});

describe("p2psim export", () => {
  it("writes NCCL topology XML of a scenario that p2psim import reads back", async () => {
    const dir = scratch();
    const xml = join(dir, "topo.xml");
    const r = await cli("export", "nccl-topo", join(ROOT, "scenarios/gds-epyc.yaml"), "-o", xml);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/topo\.xml: NCCL topology of gds-epyc \(2 cpu, \d+ pci\)\n$/);
    expect(readFileSync(xml, "utf8")).toMatch(/<system version="1">\n  <cpu numaid="0" arch="x86_64" vendor="AuthenticAMD" familyid="25"/);
    const back = await cli("import", "nccl-topo", xml, "-o", join(dir, "back.yaml"));
    expect(back.code).toBe(0);
    expect(existsSync(join(dir, "back.yaml"))).toBe(true);
  });

  it("names an unknown format and exits 2", async () => {
    const r = await cli("export", "graphviz", join(ROOT, "scenarios/default.yaml"));
    expect(r).toMatchObject({ code: 2, err: "p2psim export: export: unknown format 'graphviz'; formats: nccl-topo\n" });
  });
});
