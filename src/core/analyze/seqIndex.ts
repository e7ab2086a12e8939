// A growable map from event seq (1, 2, 3 …) to a number, in a typed array: where each imported
// event came from (file line, HAR entry) costs 4 bytes an event, even for millions of events.

export class SeqIndex {
  private values = new Int32Array(1024);
  private size = 0;

  /** Records the value of the next seq and returns that seq (1-based). */
  push(value: number): number {
    if (this.size === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = value;
    return this.size;
  }

  get(seq: number): number | undefined {
    return seq >= 1 && seq <= this.size ? this.values[seq - 1] : undefined;
  }

  get count(): number {
    return this.size;
  }
}
