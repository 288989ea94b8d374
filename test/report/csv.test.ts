import { describe, expect, it } from "vitest";
import { csvField, csvText } from "../../src/report/csv.js";

describe("CSV cells a spreadsheet could run", () => {
  it("neutralizes text that begins with = + - @ tab or carriage return, as OWASP recommends, and quotes it", () => {
    expect(csvField("=HYPERLINK(\"http://x\")")).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField("+1+2")).toBe(`"'+1+2"`);
    expect(csvField("-cmd")).toBe(`"'-cmd"`);
    expect(csvField("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
    expect(csvField("\tx")).toBe(`"'\tx"`);
    expect(csvField("\rx")).toBe(`"'\rx"`);
  });

  it("leaves numbers alone, negative ones too, and text that starts harmlessly", () => {
    expect(csvField(-1.5)).toBe("-1.5");
    expect(csvField(0)).toBe("0");
    expect(csvField(true)).toBe("true");
    expect(csvField("p2p:nvme0")).toBe("p2p:nvme0");
    expect(csvField("a=b")).toBe("a=b");
  });

  it("quotes commas, quotes and line breaks per RFC 4180", () => {
    expect(csvText(["a", "b"], [{ a: "x,y", b: 'say "hi"' }, { a: "two\nlines", b: undefined }])).toBe('a,b\n"x,y","say ""hi"""\n"two\nlines",\n');
  });
});
