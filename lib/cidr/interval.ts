/**
 * The one representation the set algebra works on: a flat list of half-open intervals `[s0, e0, s1, e1, ...]`
 * over addresses of one family (numbers for IPv4, bigints for IPv6). A *canonical* list is sorted, and its
 * intervals are disjoint and not adjacent. Half-open bounds mean these functions only compare, never add, so one
 * generic body serves both families.
 */

/** An address or bound: a number (IPv4) or a bigint (IPv6). */
export type Bound = number | bigint;

/**
 * Joins intervals sorted by start into the canonical list: overlapping and adjacent intervals become one.
 *
 * @example
 * ```ts
 * coalesce([0, 4, 2, 6, 6, 8, 10, 12]); // [0, 8, 10, 12]
 * ```
 */
export function coalesce<T extends Bound>(sorted: readonly T[]): T[] {
  const out: T[] = [];
  const n = sorted.length;
  if (n === 0) return out;
  let s = sorted[0]!;
  let e = sorted[1]!;
  for (let i = 2; i < n; i += 2) {
    const ns = sorted[i]!;
    const ne = sorted[i + 1]!;
    if (ns <= e) {
      if (ne > e) e = ne;
    } else {
      out.push(s, e);
      s = ns;
      e = ne;
    }
  }
  out.push(s, e);
  return out;
}

/**
 * The canonical list of addresses in `a` but not in `b` (both canonical).
 *
 * @example
 * ```ts
 * subtract([0, 16], [4, 8]); // [0, 4, 8, 16]
 * ```
 */
export function subtract<T extends Bound>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let cur = a[i]!;
    const end = a[i + 1]!;
    while (j < b.length && b[j + 1]! <= cur) j += 2;
    for (let k = j; k < b.length && b[k]! < end; k += 2) {
      if (b[k]! > cur) out.push(cur, b[k]!);
      cur = b[k + 1]!;
      j = k;
      if (cur >= end) break;
    }
    if (cur < end) out.push(cur, end);
  }
  return out;
}

/**
 * The canonical list of addresses in both `a` and `b` (both canonical).
 *
 * @example
 * ```ts
 * intersect([0, 8, 12, 16], [4, 14]); // [4, 8, 12, 14]
 * ```
 */
export function intersect<T extends Bound>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = a[i]! > b[j]! ? a[i]! : b[j]!;
    const ae = a[i + 1]!;
    const be = b[j + 1]!;
    const e = ae < be ? ae : be;
    if (s < e) out.push(s, e);
    if (ae < be) i += 2;
    else j += 2;
  }
  return out;
}

/**
 * Whether two canonical lists share an address.
 *
 * @example
 * ```ts
 * meets([0, 4], [4, 8]); // false: half-open, they only touch
 * ```
 */
export function meets<T extends Bound>(a: readonly T[], b: readonly T[]): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1]! <= b[j]!) i += 2;
    else if (b[j + 1]! <= a[i]!) j += 2;
    else return true;
  }
  return false;
}

/**
 * Whether the canonical list `set` holds every address of `[s, e)` (a canonical list has no adjacent intervals,
 * so that means one of its intervals holds all of it).
 *
 * @example
 * ```ts
 * covers([0, 8], 2, 6); // true
 * ```
 */
export function covers<T extends Bound>(set: readonly T[], s: T, e: T): boolean {
  const i = firstEndingAfter(set, s);
  return i < set.length / 2 && set[2 * i]! <= s && e <= set[2 * i + 1]!;
}

/** The index of the first interval of the canonical list `set` that ends after `s` (binary search). */
function firstEndingAfter<T extends Bound>(set: readonly T[], s: T): number {
  let lo = 0;
  let hi = set.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (set[2 * mid + 1]! <= s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether the canonical list `set` shares at least one address with `[s, e)`: the first interval that ends
 * after `s` starts before `e`.
 *
 * @example
 * ```ts
 * touches([0, 8], 6, 10); // true
 * touches([0, 8], 8, 10); // false
 * ```
 */
export function touches<T extends Bound>(set: readonly T[], s: T, e: T): boolean {
  const i = firstEndingAfter(set, s);
  return i < set.length / 2 && set[2 * i]! < e;
}
