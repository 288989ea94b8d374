/**
 * A vega-lite spec to SVG text, in Node, with no network and no canvas: vega-lite compiles it to
 * vega, a headless vega View (renderer "none") renders it, and a loader that refuses every URI
 * makes sure a chart only ever draws the data inlined in its spec. vega reports a failed load or
 * expression as a logged error and draws on; here any such error fails the render instead.
 */
import { Warn as VegaWarnLevel, parse, View, type Loader, type ViewOptions } from "vega";
import { compile } from "vega-lite";
import { reportMessage } from "./messages.js";
import type { VlSpec } from "./types.js";

/** A vega loader that loads nothing: charts carry their data inline. */
function offlineLoader(): Loader {
  const refuse = async (uri: string): Promise<never> => {
    throw new Error(reportMessage.noLoading(uri));
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

/** Words of the warning vega logs (and then draws on) when data fails to load. */
const LOAD_FAILED = "Loading failed";

const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");

/** A vega logger that keeps errors and failed loads in `errors` and drops other warnings and notes. */
function errorCollector(errors: string[]): NonNullable<ViewOptions["logger"]> {
  return {
    level(...level: [number?]) {
      return level.length > 0 ? this : VegaWarnLevel;
    },
    error(...args: unknown[]) {
      errors.push(text(args));
      return this;
    },
    warn(...args: unknown[]) {
      if (args[0] === LOAD_FAILED) errors.push(text(args));
      return this;
    },
    info() {
      return this;
    },
    debug() {
      return this;
    },
  };
}

/** The vega spec vega-lite compiles `spec` to (what the SVG is drawn from). */
export function toVega(spec: VlSpec) {
  return compile(spec).spec;
}

/**
 * SVG text of `spec`. Deterministic: the same spec gives the same bytes.
 * Takes ~30-80 ms a chart once vega is warm.
 */
export async function renderSvg(spec: VlSpec): Promise<string> {
  const errors: string[] = [];
  const view = new View(parse(toVega(spec)), { renderer: "none", loader: offlineLoader(), logger: errorCollector(errors), logLevel: VegaWarnLevel });
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) throw new Error(`chart '${spec.name}': ${errors.join("; ")}`);
    return svg;
  } finally {
    view.finalize();
  }
}
