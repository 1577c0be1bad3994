/** A deterministic stream of inputs: each seed, then `count` byte-level mutations of them (xorshift32). */
export function* mutatedInputs(seeds: readonly Uint8Array[], count: number, seed = 0x9e3779b9): Generator<Uint8Array> {
  let x = seed >>> 0 || 1;
  const next = (n: number): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % Math.max(1, n);
  };
  yield* seeds;
  for (let i = 0; i < count; i++) {
    const out = Array.from(seeds[next(seeds.length)] ?? new Uint8Array(0));
    const edits = 1 + next(4);
    for (let e = 0; e < edits; e++) {
      const op = next(3);
      const pos = next(out.length + 1);
      if (op === 0 && out.length > 0) out[pos % out.length] = next(256);
      else if (op === 1) out.splice(pos, 0, next(256), next(256));
      else if (out.length > 1) out.splice(pos % out.length, 1 + next(4));
    }
    yield Uint8Array.from(out);
  }
}
