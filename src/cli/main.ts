#!/usr/bin/env node
/** Entry point of the `p2psim` executable. */
import { writeSync } from "node:fs";
import { main } from "./app.js";

// A reader that stops early (`p2psim topo | head -1`) closes the pipe: stop quietly, as `cat` does,
// instead of an unhandled EPIPE and a stack trace. Any other write error (a full disk, /dev/full)
// is one line on stderr and exit 2, not a stack trace.
for (const [stream, name] of [[process.stdout, "standard output"], [process.stderr, "standard error"]] as const) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    try {
      writeSync(2, `p2psim: cannot write ${name} (${error.code ?? error.message})\n`);
    } catch {
      // standard error is gone too: the exit status says it
    }
    process.exit(2);
  });
}

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
