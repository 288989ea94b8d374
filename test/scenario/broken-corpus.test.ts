/**
 * The corpus of broken scenarios (test/fixtures/broken/NAME.yaml): each is refused with exactly the
 * message in NAME.expected beside it (the folder written as `broken/`), as a ScenarioError or
 * UsageError, never anything else. `check` runs the same loader and sweep planner. To review a
 * change of wording: P2PSIM_UPDATE_BROKEN=1 npx vitest run test/scenario/broken-corpus.test.ts,
 * then read the diff of the .expected files.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/load.js";
import { planSweep } from "../../src/run/sweep.js";
import { UsageError } from "../../src/messages.js";

const DIR = fileURLToPath(new URL("../fixtures/broken", import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();

/** What `p2psim check` would say about `file`: the error's text, or "ok". */
function checkMessage(file: string): string {
  try {
    const s = loadScenario(file);
    if (s.scenario.sweep !== undefined) planSweep(s);
    return "ok";
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return error.message.replaceAll(`${DIR}/`, "broken/");
  }
}

describe("the corpus of broken scenarios", () => {
  it("has at least 60 files", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(60);
  });

  for (const name of FILES) {
    it(`refuses ${name} with the message beside it`, () => {
      const message = checkMessage(join(DIR, name));
      const expectedFile = join(DIR, name.replace(/\.yaml$/, ".expected"));
      if (process.env.P2PSIM_UPDATE_BROKEN) writeFileSync(expectedFile, `${message}\n`);
      expect(message).not.toBe("ok");
      expect(message).not.toMatch(/Invalid input|received undefined|Too small|Unrecognized key|internal error|Maximum call stack/);
      expect(message.replaceAll("\n", ""), "a character a terminal would act on").not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
      expect(`${message}\n`).toBe(readFileSync(expectedFile, "utf8"));
    });
  }
});
