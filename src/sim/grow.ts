/** A typed array of `capacity` elements starting with a copy of `array` (the growable pools of the event sets). */
export function grown<A extends Float64Array | Int32Array>(array: A, capacity: number): A {
  const copy = new (array.constructor as new (length: number) => A)(capacity);
  copy.set(array);
  return copy;
}
