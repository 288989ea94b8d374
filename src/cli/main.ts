#!/usr/bin/env node
/** Entry point of the `p2psim` executable. */
import { main } from "./app.js";

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
