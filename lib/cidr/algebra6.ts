/**
 * The IPv6 set algebra over interval lists (eight words an interval: the four words of the first address, then the
 * four of the last, inclusive, most significant first; see `interval.ts`): merge, subtract, intersect, the overlap
 * and containment tests, and the walk back to the fewest aligned blocks. Addresses stay in 32-bit words
 * throughout: no bigint is made.
 */
import { intervals, sortIntervals, type BlockSink, type Intervals } from './interval.js';

/** Copies the four words `a[i..i+3]` to `b[j..j+3]`. */
function copy4(a: Uint32Array, i: number, b: Uint32Array, j: number): void {
  b[j] = a[i]!;
  b[j + 1] = a[i + 1]!;
  b[j + 2] = a[i + 2]!;
  b[j + 3] = a[i + 3]!;
}

/** Whether the words `a[i..i+3]` are below `b[j..j+3]`. */
function below(a: Uint32Array, i: number, b: Uint32Array, j: number): boolean {
  for (let k = 0; k < 4; k++) {
    const x = a[i + k]!;
    const y = b[j + k]!;
    if (x !== y) return x < y;
  }
  return false;
}

/** Whether an interval starting at `a[i..i+3]` reaches one whose last address is `b[j..j+3]`: first <= last + 1. */
function reaches(a: Uint32Array, i: number, b: Uint32Array, j: number): boolean {
  if (!below(b, j, a, i)) return true;
  // first > last: reaching only when first is exactly last + 1.
  let carry = 1;
  for (let k = 3; k >= 0; k--) {
    const v = b[j + k]! + carry;
    carry = v > 0xffffffff ? 1 : 0;
    if (v >>> 0 !== a[i + k]) return false;
  }
  return true;
}

/** Writes `a[i..i+3] + delta` (delta is 1 or -1, never wrapping) at `to[k..k+3]`. */
function step(a: Uint32Array, i: number, delta: number, to: Uint32Array, k: number): void {
  let carry = delta;
  for (let x = 3; x >= 0; x--) {
    const v = a[i + x]! + carry;
    to[k + x] = v;
    carry = v > 0xffffffff ? 1 : v < 0 ? -1 : 0;
  }
}

/**
 * Sorts `s` and joins its overlapping and adjacent intervals, in place: `s` becomes canonical.
 *
 * @example
 * ```ts
 * const s = intervals(8, 2);
 * add6(s, new Uint32Array([0, 0, 0, 2]), 0, 127);
 * add6(s, new Uint32Array([0, 0, 0, 0]), 0, 127);
 * merge6(s); // s.n is 1: ::/126
 * ```
 */
export function merge6(s: Intervals): void {
  sortIntervals(s);
  const w = s.w;
  let m = 0;
  for (let i = 8; i < 8 * s.n; i += 8) {
    if (reaches(w, i, w, m + 4)) {
      if (below(w, m + 4, w, i + 4)) copy4(w, i + 4, w, m + 4);
    } else {
      m += 8;
      copy4(w, i, w, m);
      copy4(w, i + 4, w, m + 4);
    }
  }
  s.n = s.n === 0 ? 0 : m / 8 + 1;
}

/**
 * The addresses of `a` not in `b` (both canonical), as a canonical list.
 *
 * @example
 * ```ts
 * const a = intervals(8, 1);
 * const b = intervals(8, 1);
 * add6(a, new Uint32Array(4), 0, 126);
 * add6(b, new Uint32Array([0, 0, 0, 1]), 0, 128);
 * subtract6(a, b).n; // 2: ::/128 and ::2/127
 * ```
 */
export function subtract6(a: Intervals, b: Intervals): Intervals {
  const A = a.w;
  const B = b.w;
  const out = intervals(8, a.n + b.n);
  const O = out.w;
  let at = 0;
  let j = 0;
  for (let i = 0; i < 8 * a.n; i += 8) {
    // The first address of `a`'s interval not yet handled, kept in the next output slot's first half.
    copy4(A, i, O, at);
    let done = false;
    while (j < 8 * b.n && below(B, j + 4, O, at)) j += 8;
    for (let k = j; k < 8 * b.n && !below(A, i + 4, B, k); k += 8) {
      j = k;
      if (below(O, at, B, k)) {
        step(B, k, -1, O, at + 4);
        at += 8;
      }
      if (!below(B, k + 4, A, i + 4)) {
        done = true;
        break;
      }
      step(B, k + 4, 1, O, at);
    }
    if (!done) {
      copy4(A, i + 4, O, at + 4);
      at += 8;
    }
  }
  out.n = at / 8;
  return out;
}

/**
 * The addresses in both `a` and `b` (both canonical), as a canonical list.
 *
 * @example
 * ```ts
 * const a = intervals(8, 1);
 * const b = intervals(8, 1);
 * add6(a, new Uint32Array(4), 0, 126);
 * add6(b, new Uint32Array([0, 0, 0, 2]), 0, 127);
 * intersect6(a, b).n; // 1: ::2/127
 * ```
 */
export function intersect6(a: Intervals, b: Intervals): Intervals {
  const A = a.w;
  const B = b.w;
  const out = intervals(8, a.n + b.n);
  let at = 0;
  let i = 0;
  let j = 0;
  while (i < 8 * a.n && j < 8 * b.n) {
    // From the later first address to the earlier last address, when that is not empty.
    const bLater = below(A, i, B, j);
    const aEarlier = below(A, i + 4, B, j + 4);
    const fw = bLater ? B : A;
    const fi = bLater ? j : i;
    const lw = aEarlier ? A : B;
    const li = aEarlier ? i + 4 : j + 4;
    if (!below(lw, li, fw, fi)) {
      copy4(fw, fi, out.w, at);
      copy4(lw, li, out.w, at + 4);
      at += 8;
    }
    if (aEarlier) i += 8;
    else j += 8;
  }
  out.n = at / 8;
  return out;
}

/**
 * Whether two canonical lists share an address.
 *
 * @example
 * ```ts
 * const a = intervals(8, 1);
 * const b = intervals(8, 1);
 * add6(a, new Uint32Array(4), 0, 127);
 * add6(b, new Uint32Array([0, 0, 0, 2]), 0, 127);
 * meets6(a, b); // false: they only touch
 * ```
 */
export function meets6(a: Intervals, b: Intervals): boolean {
  const A = a.w;
  const B = b.w;
  let i = 0;
  let j = 0;
  while (i < 8 * a.n && j < 8 * b.n) {
    if (below(A, i + 4, B, j)) i += 8;
    else if (below(B, j + 4, A, i)) j += 8;
    else return true;
  }
  return false;
}

/** The word offset of the first interval of the canonical list `s` whose last address is at or after `q[qi..qi+3]`. */
function lastFrom(s: Intervals, q: Uint32Array, qi: number): number {
  let lo = 0;
  let hi = s.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below(s.w, 8 * mid + 4, q, qi)) lo = mid + 1;
    else hi = mid;
  }
  return 8 * lo;
}

/**
 * Whether the canonical list `s` holds every address of the interval `q[qi..qi+7]` (first and last words), which
 * then lies inside one of its intervals.
 *
 * @example
 * ```ts
 * const s = intervals(8, 1);
 * const q = intervals(8, 1);
 * add6(s, new Uint32Array(4), 0, 120);
 * add6(q, new Uint32Array([0, 0, 0, 4]), 0, 126);
 * covers6(s, q.w, 0); // true
 * ```
 */
export function covers6(s: Intervals, q: Uint32Array, qi: number): boolean {
  const i = lastFrom(s, q, qi);
  return i < 8 * s.n && !below(q, qi, s.w, i) && !below(s.w, i + 4, q, qi + 4);
}

/**
 * Whether the canonical list `s` shares an address with the interval `q[qi..qi+7]`: the first interval that ends
 * at or after its first address starts at or before its last.
 *
 * @example
 * ```ts
 * const s = intervals(8, 1);
 * const q = intervals(8, 1);
 * add6(s, new Uint32Array(4), 0, 127);
 * add6(q, new Uint32Array([0, 0, 0, 2]), 0, 127);
 * touches6(s, q.w, 0); // false
 * ```
 */
export function touches6(s: Intervals, q: Uint32Array, qi: number): boolean {
  const i = lastFrom(s, q, qi);
  return i < 8 * s.n && !below(q, qi + 4, s.w, i);
}

/** The position of the highest set bit of the words `v[i..i+3]` (most significant first), or -1 for zero. */
function topBit(v: Uint32Array, i: number): number {
  for (let k = 0; k < 3; k++) {
    const x = v[i + k]!;
    if (x !== 0) return 32 * (3 - k) + 31 - Math.clz32(x);
  }
  return 31 - Math.clz32(v[i + 3]!);
}

/** The number of trailing zero bits of the words `v[i..i+3]` (most significant first), 128 for zero. */
function lowBit(v: Uint32Array, i: number): number {
  for (let k = 3; k >= 0; k--) {
    const x = v[i + k]!;
    if (x !== 0) return 32 * (3 - k) + 31 - Math.clz32(x & -x);
  }
  return 128;
}

/**
 * Puts the fewest blocks covering the canonical list `s` into `sink`, ascending.
 *
 * @example
 * ```ts
 * const s = intervals(8, 1);
 * s.n = 1;
 * s.w.set([0, 0, 0, 0, 0, 0, 0, 2]);
 * blocks6(s, { block4: () => {}, block6: (w, i, p) => console.log(w[i + 3], p) }); // 0 127, then 2 128
 * ```
 */
export function blocks6(s: Intervals, sink: BlockSink): void {
  // The next block's first address (words 0-3), the interval's last address (4-7) and the number of addresses
  // left in the interval, minus one (8-11).
  const v = new Uint32Array(12);
  for (let i = 0; i < 8 * s.n; i += 8) {
    copy4(s.w, i, v, 0);
    copy4(s.w, i + 4, v, 4);
    for (;;) {
      // left = last - first, never negative. The block holds 2^k addresses: k is at most log2(left + 1) and at
      // most the number of trailing zero bits of first.
      let borrow = 0;
      for (let k = 3; k >= 0; k--) {
        const x = v[4 + k]! - v[k]! - borrow;
        borrow = x < 0 ? 1 : 0;
        v[8 + k] = x;
      }
      // left + 1 is at least 2^top with top = topBit(left), and reaches 2^(top + 1) only when left is all ones
      // below top; then topBit(left + 1) = top + 1. So k = topBit(left + 1), with left + 1 = 2^128 for everything.
      step(v, 8, 1, v, 8);
      const fit = v[8]! === 0 && v[9]! === 0 && v[10]! === 0 && v[11]! === 0 ? 128 : topBit(v, 8);
      const k = Math.min(fit, lowBit(v, 0));
      sink.block6(v, 0, 128 - k);
      // Move on by 2^k; done past the end of the space or of the interval.
      if (k === 128) break;
      let carry = 0;
      for (let x = 3; x >= 0; x--) {
        const y = v[x]! + (k >>> 5 === 3 - x ? 2 ** (k & 31) : 0) + carry;
        v[x] = y;
        carry = y > 0xffffffff ? 1 : 0;
      }
      if (carry === 1 || below(v, 4, v, 0)) break;
    }
  }
}
