#!/usr/bin/env node
/** Entry point of the `p2psim` executable. */
import { main } from "./app.js";

// A reader that stops early (`p2psim topo | head -1`) closes the pipe: stop quietly, as `cat` does,
// instead of an unhandled EPIPE and a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
