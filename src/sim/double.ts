/**
 * The first value of a number field that will hold doubles: a time in picoseconds (past 2^31 ps,
 * about 2.1 ms, no longer a small integer), a byte count (past 2 GiB), a place read back from the
 * event queue's `Float64Array`s.
 *
 * V8 lays a number field out by the first value stored in it. A small integer (a "Smi") makes it a
 * Smi field; the first double stored there later changes the layout of every object of the class
 * and throws away the code compiled for the old one. In a cold run that happened to about twenty of
 * the model's classes a couple of simulated milliseconds in, and V8 compiled their code again
 * (docs/design.md, "Warm-up: fields that start as small integers"). A field whose first value is a
 * heap number is a double field from the start. A number read from a `Float64Array` is always a
 * heap number where V8 boxes it (the interpreter, where a constructor first runs), so
 * `private clockPs = double(0)` starts the field as a double zero. The value is unchanged: this is
 * a hint about layout only, and no result depends on it.
 */
const held = new Float64Array(1);

/** `value`, as a heap number where V8 boxes it: the first value of a field that will hold doubles. */
export function double(value: number): number {
  held[0] = value;
  return held[0]!;
}
