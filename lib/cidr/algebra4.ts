/**
 * The IPv4 set algebra over interval lists (two words an interval: first and last address, inclusive; see
 * `interval.ts`): merge, subtract, intersect, the overlap and containment tests, and the walk that turns a canonical
 * list back into the fewest aligned blocks. Addresses are unsigned 32-bit numbers; `last + 1` may reach 2^32, which
 * a number holds exactly.
 */
import { SIZE4, SPACE4 } from './block.js';
import { intervals, sortIntervals, type BlockSink, type Intervals } from './interval.js';

/**
 * Sorts `s` and joins its overlapping and adjacent intervals, in place: `s` becomes canonical.
 *
 * @example
 * ```ts
 * const s = intervals(2, 2);
 * add4(s, 256, 24);
 * add4(s, 0, 24);
 * merge4(s); // s.n is 1, s.w starts [0, 511]
 * ```
 */
export function merge4(s: Intervals): void {
  sortIntervals(s);
  const w = s.w;
  const n = s.n;
  let m = 0;
  for (let i = 2; i < 2 * n; i += 2) {
    const first = w[i]!;
    // Joined when the interval starts at or before one past the current last address.
    if (first <= w[m + 1]! + 1) {
      const last = w[i + 1]!;
      if (last > w[m + 1]!) w[m + 1] = last;
    } else {
      m += 2;
      w[m] = first;
      w[m + 1] = w[i + 1]!;
    }
  }
  s.n = n === 0 ? 0 : m / 2 + 1;
}

/**
 * The addresses of `a` not in `b` (both canonical), as a canonical list.
 *
 * @example
 * ```ts
 * const a = intervals(2, 1);
 * const b = intervals(2, 1);
 * add4(a, 0, 28);
 * add4(b, 4, 30);
 * subtract4(a, b).w; // [0, 3, 8, 15]
 * ```
 */
export function subtract4(a: Intervals, b: Intervals): Intervals {
  const out = intervals(2, a.n + b.n);
  const A = a.w;
  const B = b.w;
  const O = out.w;
  let o = 0;
  let j = 0;
  for (let i = 0; i < 2 * a.n; i += 2) {
    let cur = A[i]!;
    const end = A[i + 1]! + 1;
    while (j < 2 * b.n && B[j + 1]! < cur) j += 2;
    for (let k = j; k < 2 * b.n && B[k]! < end; k += 2) {
      if (B[k]! > cur) {
        O[o++] = cur;
        O[o++] = B[k]! - 1;
      }
      cur = B[k + 1]! + 1;
      j = k;
      if (cur >= end) break;
    }
    if (cur < end) {
      O[o++] = cur;
      O[o++] = end - 1;
    }
  }
  out.n = o / 2;
  return out;
}

/**
 * The addresses in both `a` and `b` (both canonical), as a canonical list.
 *
 * @example
 * ```ts
 * const a = intervals(2, 1);
 * const b = intervals(2, 1);
 * add4(a, 0, 28);
 * add4(b, 8, 29);
 * intersect4(a, b).w; // [8, 15]
 * ```
 */
export function intersect4(a: Intervals, b: Intervals): Intervals {
  const out = intervals(2, a.n + b.n);
  const A = a.w;
  const B = b.w;
  let o = 0;
  let i = 0;
  let j = 0;
  while (i < 2 * a.n && j < 2 * b.n) {
    const first = A[i]! > B[j]! ? A[i]! : B[j]!;
    const al = A[i + 1]!;
    const bl = B[j + 1]!;
    const last = al < bl ? al : bl;
    if (first <= last) {
      out.w[o++] = first;
      out.w[o++] = last;
    }
    if (al < bl) i += 2;
    else j += 2;
  }
  out.n = o / 2;
  return out;
}

/**
 * Whether two canonical lists share an address.
 *
 * @example
 * ```ts
 * const a = intervals(2, 1);
 * const b = intervals(2, 1);
 * add4(a, 0, 30);
 * add4(b, 4, 30);
 * meets4(a, b); // false: they only touch
 * ```
 */
export function meets4(a: Intervals, b: Intervals): boolean {
  const A = a.w;
  const B = b.w;
  let i = 0;
  let j = 0;
  while (i < 2 * a.n && j < 2 * b.n) {
    if (A[i + 1]! < B[j]!) i += 2;
    else if (B[j + 1]! < A[i]!) j += 2;
    else return true;
  }
  return false;
}

/** The word offset of the first interval of the canonical list `s` whose last address is `first` or more (binary search). */
function lastFrom(s: Intervals, first: number): number {
  let lo = 0;
  let hi = s.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.w[2 * mid + 1]! < first) lo = mid + 1;
    else hi = mid;
  }
  return 2 * lo;
}

/**
 * Whether the canonical list `s` holds every address from `first` to `last` (a canonical list has no adjacent
 * intervals, so one of its intervals must hold them all).
 *
 * @example
 * ```ts
 * const s = intervals(2, 1);
 * add4(s, 0, 28);
 * covers4(s, 2, 6); // true
 * ```
 */
export function covers4(s: Intervals, first: number, last: number): boolean {
  const i = lastFrom(s, first);
  return i < 2 * s.n && s.w[i]! <= first && last <= s.w[i + 1]!;
}

/**
 * Whether the canonical list `s` shares an address with the interval from `first` to `last`: the first interval
 * that ends at or after `first` starts at or before `last`.
 *
 * @example
 * ```ts
 * const s = intervals(2, 1);
 * add4(s, 0, 29);
 * touches4(s, 6, 9); // true
 * touches4(s, 8, 9); // false
 * ```
 */
export function touches4(s: Intervals, first: number, last: number): boolean {
  const i = lastFrom(s, first);
  return i < 2 * s.n && s.w[i]! <= last;
}

/**
 * Puts the fewest blocks covering the canonical list `s` into `sink`, ascending.
 *
 * @example
 * ```ts
 * const s = intervals(2, 1);
 * s.n = 1;
 * s.w.set([0, 2]);
 * blocks4(s, { block4: (f, p) => console.log(f, p), block6: () => {} }); // 0 31, then 2 32
 * ```
 */
export function blocks4(s: Intervals, sink: BlockSink): void {
  const w = s.w;
  for (let i = 0; i < 2 * s.n; i += 2) {
    let at = w[i]!;
    const end = w[i + 1]! + 1;
    while (at < end) {
      // The largest aligned block starting at `at` that fits: limited by the room left and by `at`'s lowest set bit.
      const left = end - at;
      let k = left >= SPACE4 ? 32 : 31 - Math.clz32(left);
      if (at !== 0) {
        const low = 31 - Math.clz32(at & -at);
        if (low < k) k = low;
      }
      sink.block4(at, 32 - k);
      at += SIZE4[32 - k]!;
    }
  }
}
