/**
 * The IPv6 set algebra over interval lists (eight words an interval: the four words of the first address, then the
 * four of the last, inclusive, most significant first; see `interval.ts`, which also has the algebra that both
 * families share): merge, subtract, and the walk back to the fewest aligned blocks. Addresses stay in 32-bit words
 * throughout: no bigint is made.
 */
import { intervals, lower, sortIntervals, type BlockSink, type Intervals } from './interval.js';

/** Copies the four words `a[i..i+3]` to `b[j..j+3]`. */
function copy4(a: Uint32Array, i: number, b: Uint32Array, j: number): void {
  b[j] = a[i]!;
  b[j + 1] = a[i + 1]!;
  b[j + 2] = a[i + 2]!;
  b[j + 3] = a[i + 3]!;
}

/** Whether the address `a[i..i+3]` is below `b[j..j+3]`. */
const below = (a: Uint32Array, i: number, b: Uint32Array, j: number): boolean => lower(a, i, b, j, 4);

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
 * import { intervals, add6 } from '../lib/cidr/interval.js';
 * import { merge6 } from '../lib/cidr/algebra6.js';
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
 * import { intervals, add6 } from '../lib/cidr/interval.js';
 * import { subtract6 } from '../lib/cidr/algebra6.js';
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
 * import { intervals } from '../lib/cidr/interval.js';
 * import { blocks6 } from '../lib/cidr/algebra6.js';
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
