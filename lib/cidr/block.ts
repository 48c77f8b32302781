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
/**
 * Writes the four 32-bit words of the 128-bit `n` (most significant first) at `out[i..i+3]`.
 *
 * @example
 * ```ts
 * const words = new Uint32Array(4);
 * splitWords(0xfdn << 120n, words, 0); // words is [0xfd000000, 0, 0, 0]
 * ```
 */
export function splitWords(n: bigint, out: Uint32Array, i: number): void {
  const hi = n >> 64n;
  out[i] = Number(hi >> 32n);
  out[i + 1] = Number(hi & 0xffffffffn);
  out[i + 2] = Number((n >> 32n) & 0xffffffffn);
  out[i + 3] = Number(n & 0xffffffffn);
}

/**
 * The 128-bit number whose words (most significant first) are `w[i..i+3]`.
 *
 * @example
 * ```ts
 * joinWords(new Uint32Array([0xfd000000, 0, 0, 0]), 0); // 0xfdn << 120n
 * ```
 */
export function joinWords(w: Uint32Array, i: number): bigint {
  const hi = (BigInt(w[i]!) << 32n) | BigInt(w[i + 1]!);
  return (hi << 64n) | (BigInt(w[i + 2]!) << 32n) | BigInt(w[i + 3]!);
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
