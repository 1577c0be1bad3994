/**
 * In-place insert and remove of one element, for arrays edited at every op or collection (the
 * model's handles, the free-list reference's sorted blocks, the runner's handles): `splice`
 * allocates an array of the removed elements on each call, and these run thousands of times a case.
 */
export function removeAt<T>(a: T[], i: number): void {
  const n = a.length;
  if (i < 0 || i >= n) return;
  for (let k = i + 1; k < n; k++) a[k - 1] = a[k]!;
  a.length = n - 1;
}

/** Inserts `v` before index `i` (0 <= i <= length). */
export function insertAt<T>(a: T[], i: number, v: T): void {
  let k = a.length;
  a.push(v);
  for (; k > i; k--) a[k] = a[k - 1]!;
  a[i] = v;
}
