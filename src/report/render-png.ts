/**
 * SVG text to PNG bytes with resvg, using the shipped DejaVu Sans files (never system fonts, so a
 * PNG looks the same everywhere), on white, scaled so the image is at least ~960 px wide.
 */
import { Resvg, renderAsync, type ResvgRenderOptions } from "@resvg/resvg-js";
import { CHART_FONT } from "./charts/style.js";
import { chartFontFiles } from "./fonts.js";

/** How a PNG is drawn. */
export interface PngOptions {
  /** Smallest image width, px: narrower SVGs are scaled up to it (at most 2x). Default 960. */
  minWidth?: number;
  /** Draw text with the shipped font; false only to test that text needs it. Default true. */
  text?: boolean;
}

/** Renders SVG text to PNG; create once per folder written and reuse (it holds the font paths). */
export class PngRenderer {
  private readonly fontFiles: string[];

  constructor(private readonly options: PngOptions = {}) {
    this.fontFiles = options.text === false ? [] : chartFontFiles();
  }

  /** PNG bytes of `svg`. Takes ~10-50 ms a chart. */
  render(svg: string): Buffer {
    return new Resvg(svg, this.resvgOptions(svg)).render().asPng();
  }

  /**
   * The same bytes as `render`, drawn on a thread of libuv's pool, so the caller's thread can lay
   * out the next chart meanwhile (writeChartFiles does).
   */
  async renderAsync(svg: string): Promise<Buffer> {
    return (await renderAsync(svg, this.resvgOptions(svg))).asPng();
  }

  private resvgOptions(svg: string): ResvgRenderOptions {
    const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 0);
    const minWidth = this.options.minWidth ?? 960;
    const zoom = width > 0 ? Math.min(2, Math.max(1, minWidth / width)) : 1;
    return {
      background: "white",
      fitTo: { mode: "zoom", value: zoom },
      font: {
        loadSystemFonts: false,
        fontFiles: this.fontFiles,
        defaultFontFamily: CHART_FONT,
        sansSerifFamily: CHART_FONT,
      },
      logLevel: "off",
    };
  }
}
