import { chmodSync, createReadStream, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
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

describe("-o FILE of import and export", () => {
  const scenario = join(ROOT, "scenarios/gds-epyc.yaml");

  it("writes to a FIFO (or a device such as /dev/null) as it is, instead of putting a plain file in its place", async () => {
    // A FIFO of its own rather than /dev/null: should this regress, the test must not replace a device of the machine.
    const dir = scratch();
    const fifo = join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    const chunks: Buffer[] = [];
    const reader = createReadStream(fifo);
    reader.on("data", (chunk) => chunks.push(chunk as Buffer));
    const ended = new Promise<void>((resolve) => reader.on("end", () => resolve()));
    await new Promise((resolve) => setImmediate(resolve)); // the reader's open is under way (it waits for a writer)
    const r = await cli("export", "nccl-topo", scenario, "-o", fifo);
    expect(r.code).toBe(0);
    // Fail in seconds, not at the suite's timeout, should the FIFO be replaced and never written.
    expect(await Promise.race([ended.then(() => "read"), new Promise((resolve) => setTimeout(() => resolve("nothing came"), 10_000))])).toBe("read");
    expect(Buffer.concat(chunks).toString("utf8")).toMatch(/^<!-- NCCL topology of p2psim scenario gds-epyc/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(["pipe"]);
  });

  it("keeps a symbolic link a link and replaces the file it points to", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "real.xml"), "old");
    symlinkSync("real.xml", join(dir, "link.xml"));
    const r = await cli("export", "nccl-topo", scenario, "-o", join(dir, "link.xml"));
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, "link.xml")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real.xml"), "utf8")).toMatch(/^<!-- NCCL topology of p2psim scenario gds-epyc/);
    expect(readdirSync(dir).sort()).toEqual(["link.xml", "real.xml"]);
  });

  it("refuses a read-only file, a folder and an empty name, and leaves them as they were", async () => {
    const dir = scratch();
    const readOnly = join(dir, "ro.yaml");
    writeFileSync(readOnly, "keep");
    chmodSync(readOnly, 0o444);
    const ro = await cli("import", "nccl-topo", join(FIXTURES, "gpu-box.nccl-topo.xml"), "-o", readOnly);
    expect(ro.code).toBe(2);
    expect(ro.err).toContain(`${readOnly}: the file is read-only`);
    expect(readFileSync(readOnly, "utf8")).toBe("keep");
    const folder = await cli("export", "nccl-topo", scenario, "-o", dir);
    expect(folder.code).toBe(2);
    expect(folder.err).toContain(`${dir}: cannot write it (EISDIR)`);
    const empty = await cli("export", "nccl-topo", scenario, "-o", "");
    expect(empty.code).toBe(2);
    expect(empty.err).toContain("-o: give a file name (it was empty)");
    expect(readdirSync(dir)).toEqual(["ro.yaml"]);
  });
});
