/**
 * V8's inlining budget for the simulator's hot paths. A TLP crossing a link runs through some
 * forty small methods (egress queues, credits, wire, delivery, a switch port; see docs/design.md,
 * "Speed"), and V8's default cumulative inlining budget (920 bytes of bytecode per optimized
 * function, `--max-inlined-bytecode-size-cumulative`) stops well short of flattening them, so each
 * call costs a frame. Raising it to 3000 lets TurboFan inline the chains: measured with bench/case.ts
 * on one machine, alternating with and without over 6 rounds, same-switch P2P ran in a median of
 * 2.63 s instead of 3.00 s (1.14x) and host-bridge P2P 1.1-1.3x faster; bounce gained 1.03x, within
 * the noise of three rounds, and the twin (an event heap and three closures) nothing.
 *
 * The flag is process-wide and only changes what the optimizing compiler inlines: results are the
 * same bit for bit (the goldens check it). Set when the engine is first loaded, before anything is
 * hot enough to be optimized; Node and Deno both honour it there.
 */
import { setFlagsFromString } from "node:v8";

/** The budget, bytes of bytecode (V8's default is 920). */
export const INLINED_BYTECODE_CUMULATIVE = 3000;

setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${INLINED_BYTECODE_CUMULATIVE}`);
