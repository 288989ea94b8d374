/**
 * A first-in first-out queue on a growable ring buffer: O(1) push and shift with no per-item
 * allocation, unlike `Array.prototype.shift`. Used for egress queues and in-flight TLPs.
 */
export class Fifo<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(16);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** The oldest item, or `undefined` when empty. */
  peek(): T | undefined {
    return this.count > 0 ? this.items[this.head] : undefined;
  }

  /** The `i`-th oldest item (0 is the oldest); call only with `i < length`. */
  get(i: number): T {
    return this.items[(this.head + i) & (this.items.length - 1)] as T;
  }

  /** Replaces the `i`-th oldest item; call only with `i < length`. */
  set(i: number, item: T): void {
    this.items[(this.head + i) & (this.items.length - 1)] = item;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = item;
    this.count++;
  }

  /** Removes and returns the oldest item; call only when not empty. */
  shift(): T {
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return item;
  }

  private grow(): void {
    const old = this.items;
    const items = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.count; i++) items[i] = old[(this.head + i) & (old.length - 1)];
    this.items = items;
    this.head = 0;
  }
}
