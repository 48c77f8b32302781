/**
 * Block sizes and constructors shared by parsing, formatting and the set algebra.
 */
import type { Cidr4, Cidr6 } from './types.js';

/** 2^32: the number of IPv4 addresses. */
export const SPACE4 = 4294967296;
/** 2^128: the number of IPv6 addresses. */
export const SPACE6 = 1n << 128n;

/** `SIZE4[p]` is the number of addresses in an IPv4 block of prefix length `p`. */
export const SIZE4: readonly number[] = Array.from({ length: 33 }, (_, p) => 2 ** (32 - p));
/** `SIZE6[p]` is the number of addresses in an IPv6 block of prefix length `p`. */
export const SIZE6: readonly bigint[] = Array.from({ length: 129 }, (_, p) => 1n << BigInt(128 - p));
/** The prefix length of an IPv6 block of a given (power of two) size. */
export const PREFIX_OF_SIZE6: ReadonlyMap<bigint, number> = new Map(SIZE6.map((size, p) => [size, p]));

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
