import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { message, printable, quoted } from "../src/messages.js";

/** What a terminal acts on instead of showing: C0 and C1 controls, DEL, format characters, line separators, lone surrogates. */
const ACTED_ON = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

describe("values quoted into messages", () => {
  it("show ESC as \\u001b, so a terminal prints it instead of obeying it", () => {
    expect(quoted("4\x1b[31mKiB")).toBe("'4\\u001b[31mKiB'");
    expect(message.badSize("4\x1b[2J")).toMatch(/^'4\\u001b\[2J' is not a size/);
  });

  it("escape newlines, bidi overrides, zero-width characters and C1 controls JSON-style", () => {
    expect(printable("a\nb\r\tc")).toBe("a\\nb\\r\\tc");
    expect(printable("p2p:\u202egpu")).toBe("p2p:\\u202egpu");
    expect(printable("x\u200by\u0085z\u007f")).toBe("x\\u200by\\u0085z\\u007f");
    expect(printable("\u{e0001}")).toBe("\\udb40\\udc01");
  });

  it("leave printable text alone, accents and CJK included", () => {
    expect(printable("gpu0 µs é 東京 '\"\\")).toBe("gpu0 µs é 東京 '\"\\");
  });

  it("never hold a character a terminal acts on, whatever the value", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 40 }), (text) => !ACTED_ON.test(printable(text))));
  });

  it("can be read back as a JSON string: nothing is lost", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }).filter((t) => !/["\\]/.test(t)), (text) => JSON.parse(`"${printable(text)}"`) === text),
    );
  });
});
