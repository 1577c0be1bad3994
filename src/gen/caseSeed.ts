/**
 * The fast-check seed of run `run` of a fuzz session started with `seed`: a 32-bit mix of both, so
 * run i is the same case whatever the worker count or time budget, and neighbouring runs differ
 * in every bit.
 */
export function caseSeed(seed: number, run: number): number {
  let h = Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(run >>> 0, 0x85ebca77) ^ 0x27d4eb2f;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) | 0;
}
