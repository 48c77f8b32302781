/**
 * Block sizes and constructors shared by parsing, formatting and the set algebra.
 */
import type { Cidr4, Cidr6 } from './types.js';

/** 2^32: the number of IPv4 addresses. */
export const SPACE4 = 4294967296;

/** `SIZE4[p]` is the number of addresses in an IPv4 block of prefix length `p`. */
export const SIZE4: readonly number[] = Array.from({ length: 33 }, (_, p) => 2 ** (32 - p));
/** `SIZE6[p]` is the number of addresses in an IPv6 block of prefix length `p`. */
export const SIZE6: readonly bigint[] = Array.from({ length: 129 }, (_, p) => 1n << BigInt(128 - p));
const LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Index, in a `Uint32Array` over a `BigUint64Array` of two (high 64 bits, low 64 bits), of bits 96-127. */
/* c8 ignore next: only one byte order runs on a given machine */
const W0 = LITTLE ? 1 : 0;

/**
 * Moves 128-bit bigints to and from four 32-bit words (most significant first) through its own 16 bytes: two
 * bigint operations rather than one per word. Scratch space: each call that converts makes its own.
 *
 * @example
 * ```ts
 * const words = new Uint32Array(4);
 * const w = new Words128();
 * w.split(0xfdn << 120n, words, 0); // words is [0xfd000000, 0, 0, 0]
 * w.join(words, 0); // 0xfdn << 120n
 * ```
 */
export class Words128 {
  private readonly big = new BigUint64Array(2);
  private readonly word = new Uint32Array(this.big.buffer);

  /** Writes the words of `n` at `out[i..i+3]`. */
  split(n: bigint, out: Uint32Array, i: number): void {
    this.big[0] = n >> 64n;
    this.big[1] = n;
    const w = this.word;
    out[i] = w[W0]!;
    out[i + 1] = w[1 - W0]!;
    out[i + 2] = w[W0 + 2]!;
    out[i + 3] = w[3 - W0]!;
  }

  /** The number whose words are `v[i..i+3]`. */
  join(v: Uint32Array, i: number): bigint {
    const w = this.word;
    w[W0] = v[i]!;
    w[1 - W0] = v[i + 1]!;
    w[W0 + 2] = v[i + 2]!;
    w[3 - W0] = v[i + 3]!;
    return (this.big[0]! << 64n) | this.big[1]!;
  }
}

/**
 * Makes an IPv4 block; `first` must already be the network address.
 *
 * @example
 * ```ts
 * cidr4(0x0a000000, 8); // 10.0.0.0/8
 * ```
 */
export function cidr4(first: number, prefix: number): Cidr4 {
  return { family: 4, prefix, first };
}

/**
 * Makes an IPv6 block; `first` must already be the network address.
 *
 * @example
 * ```ts
 * cidr6(0xfdn << 120n, 8); // fd00::/8
 * ```
 */
export function cidr6(first: bigint, prefix: number): Cidr6 {
  return { family: 6, prefix, first };
}

/**
 * Every IPv4 address: `0.0.0.0/0`.
 *
 * @example
 * ```ts
 * formatCidr(ALL_IPV4); // '0.0.0.0/0'
 * ```
 */
export const ALL_IPV4: Cidr4 = Object.freeze(cidr4(0, 0));

/**
 * Every IPv6 address: `::/0`.
 *
 * @example
 * ```ts
 * formatCidr(ALL_IPV6); // '::/0'
 * ```
 */
export const ALL_IPV6: Cidr6 = Object.freeze(cidr6(0n, 0));
