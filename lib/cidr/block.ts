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
/**
 * Scratch space to move a 128-bit bigint to and from four 32-bit words without bigint shifts on every word:
 * `BIG[0]` is the high 64 bits and `BIG[1]` the low 64 bits, and `WORD` views the same bytes, so `WORD[W0]` is
 * bits 96-127, `WORD[W1]` bits 64-95, `WORD[W2]` bits 32-63 and `WORD[W3]` bits 0-31 on either byte order.
 */
export const BIG = new BigUint64Array(2);
/** The 32-bit view of {@link BIG}. */
export const WORD = new Uint32Array(BIG.buffer);
const LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Index in {@link WORD} of bits 96-127. */
/* c8 ignore next: only one byte order runs on a given machine */
export const W0 = LITTLE ? 1 : 0;
/** Index in {@link WORD} of bits 64-95. */
export const W1 = 1 - W0;
/** Index in {@link WORD} of bits 32-63. */
export const W2 = W0 + 2;
/** Index in {@link WORD} of bits 0-31. */
export const W3 = W1 + 2;

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
