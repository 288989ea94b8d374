/**
 * The font files charts are drawn with: DejaVu Sans (regular and bold) from the `dejavu-fonts-ttf`
 * npm package (Bitstream Vera licence, DejaVu changes public domain), so PNGs render text the same
 * on every machine without system fonts. resvg draws no text at all without a font, silently.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { reportMessage } from "./messages.js";

/** Files of the `dejavu-fonts-ttf` package the PNG renderer loads. */
const FONT_FILES = ["ttf/DejaVuSans.ttf", "ttf/DejaVuSans-Bold.ttf", "ttf/DejaVuSans-Oblique.ttf"] as const;

/** Absolute paths of the shipped chart fonts; throws naming the file if one is missing. */
export function chartFontFiles(): string[] {
  const require = createRequire(import.meta.url);
  return FONT_FILES.map((file) => {
    const spec = `dejavu-fonts-ttf/${file}`;
    let path: string;
    try {
      path = require.resolve(spec);
    } catch {
      throw new Error(reportMessage.fontMissing(spec));
    }
    if (!existsSync(path)) throw new Error(reportMessage.fontMissing(spec));
    return path;
  });
}
