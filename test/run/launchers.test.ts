import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { launcherText, shellQuote, type LauncherOptions } from "../../src/run/launchers.js";

const OPTIONS: LauncherOptions = {
  name: "iotlb-study",
  file: "/shared/p2psim/scenarios/iotlb-study.yaml",
  out: "/shared/results/iotlb sweep",
  cwd: "/shared/p2psim",
  shards: 20,
  maxParallel: 4,
  workers: 2,
  args: ["--set", "workloads.0.io=16KiB", "--no-png"],
};
const bashSyntax = (text: string) => spawnSync("bash", ["-n"], { input: text, encoding: "utf8" });

describe("the Slurm launcher", () => {
  const text = launcherText("slurm", OPTIONS);

  it("is an sbatch script for an array of N shards, K at once, each taking its shard from the array", () => {
    expect(text).toMatch(/^#!\/bin\/bash\n/);
    expect(text).toContain("#SBATCH --array=0-19%4\n");
    expect(text).toContain("#SBATCH --cpus-per-task=2\n");
    expect(text).toContain("export P2PSIM_SHARD_COUNT=20\n");
    expect(text).toContain("p2psim sweep /shared/p2psim/scenarios/iotlb-study.yaml --shard auto --out '/shared/results/iotlb sweep' --set workloads.0.io=16KiB --no-png\n");
    expect(bashSyntax(text).status).toBe(0);
  });

  it("submits itself and a merge job that waits for every task with afterok", () => {
    // The log path has a space, so each task's --output is on the sbatch line, quoted, not an #SBATCH line.
    expect(text).toContain(`array=$(sbatch --parsable --output='/shared/results/iotlb sweep/slurm/%A_%a.out' \${1:+--array="$1"} "$0")`);
    expect(text).not.toContain("#SBATCH --output");
    expect(launcherText("slurm", { ...OPTIONS, out: "/shared/results/iotlb" })).toContain('#SBATCH --output=/shared/results/iotlb/slurm/%A_%a.out\n');
    expect(text).toContain('--dependency=afterok:"${array%%;*}"');
    expect(text).toContain("--wrap='p2psim sweep merge '\\''/shared/results/iotlb sweep'\\'' --no-png'");
  });
});

describe("the GNU parallel launcher", () => {
  it("runs every shard over --sshloginfile, then the merge if all succeeded", () => {
    const text = launcherText("parallel", OPTIONS);
    expect(text).toContain("parallel --sshloginfile nodes.txt --jobs 4 --joblog '/shared/results/iotlb sweep.parallel.log' --halt soon,fail=1");
    expect(text).toContain("--shard {}/20");
    expect(text).toContain("::: $(seq 0 19)");
    expect(text).toMatch(/&& p2psim sweep merge '\/shared\/results\/iotlb sweep' --no-png\n$/);
    expect(bashSyntax(text).status).toBe(0);
  });
});

describe("the Kubernetes launcher", () => {
  it("is an Indexed Job of N completions, K in parallel, with the shard count in the environment", () => {
    const job = parse(launcherText("k8s", OPTIONS)) as {
      kind: string;
      spec: { completionMode: string; completions: number; parallelism: number; template: { spec: { containers: Array<{ command: string[]; env: Array<{ name: string; value: string }> }> } } };
    };
    expect(job.kind).toBe("Job");
    expect(job.spec).toMatchObject({ completionMode: "Indexed", completions: 20, parallelism: 4 });
    const container = job.spec.template.spec.containers[0]!;
    expect(container.command).toEqual(["p2psim", "sweep", OPTIONS.file, "--shard", "auto", "--out", OPTIONS.out, "--workers", "2", ...OPTIONS.args]);
    expect(container.env).toContainEqual({ name: "P2PSIM_SHARD_COUNT", value: "20" });
  });
});

describe("the Slurm launcher run on a login node", () => {
  it("submits with the results folder as one word, whatever it holds, and runs nothing from it", () => {
    // Until December 2026 the closing echo put --out inside double quotes, so '$(...)' in it ran.
    const dir = mkdtempSync(join(tmpdir(), "p2psim-slurm-"));
    const out = join(dir, "x y;$(touch pwned)");
    const script = join(dir, "sweep.sbatch");
    writeFileSync(script, launcherText("slurm", { ...OPTIONS, out, cwd: dir }));
    // A stand-in sbatch that records its arguments and answers a job id.
    mkdirSync(join(dir, "bin"));
    writeFileSync(join(dir, "bin", "sbatch"), `#!/bin/bash\nprintf '%s\\n' "$@" >> ${shellQuote(join(dir, "sbatch.args"))}\necho 42\n`, { mode: 0o755 });
    const r = spawnSync("bash", [script], { encoding: "utf8", cwd: dir, env: { ...process.env, PATH: `${join(dir, "bin")}:${process.env.PATH}`, SLURM_ARRAY_TASK_ID: "" } });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`array job 42, merge job 42; results in ${out}\n`);
    expect(existsSync(join(dir, "pwned"))).toBe(false);
    expect(readFileSync(join(dir, "sbatch.args"), "utf8")).toContain(`--output=${out}/slurm/%A_%a.out\n`);
  });
});

describe("shell quoting", () => {
  it("gives back every string as one word", () => {
    for (const text of ["plain", "with space", "it's", "$HOME", "a;b", "sweep={a: [1, 2]}", ""]) {
      const r = spawnSync("bash", ["-c", `printf '%s' ${shellQuote(text) || "''"}`], { encoding: "utf8" });
      expect(r.stdout).toBe(text);
    }
  });
});
