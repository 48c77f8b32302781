/**
 * Text form of a block: IPv4 dotted decimal, IPv6 in RFC 5952 canonical form.
 *
 * The bulk API writes many blocks as ASCII bytes into its own buffer ({@link writeBlock4}, {@link writeBlock6}) and
 * decodes them in one go; one block alone is written as a string directly (IPv4) or as bytes in a small array of its
 * own (IPv6). Nothing is shared between calls.
 */
import { Words128 } from './block.js';
import type { Cidr } from './types.js';

/** The ASCII codes of the hex digits. */
const DIGITS: readonly number[] = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

/** Where text is written as ASCII bytes: a bulk caller's buffer, or a small array for one block. */
type Bytes = Uint8Array | number[];

/** Writes `v` (0..999) in decimal into `buf` at `at`; returns the position after it. */
function putDecimal(buf: Bytes, v: number, at: number): number {
  if (v >= 100) buf[at++] = 48 + Math.floor(v / 100);
  if (v >= 10) buf[at++] = 48 + (Math.floor(v / 10) % 10);
  buf[at++] = 48 + (v % 10);
  return at;
}

/** Writes an IPv4 address (an unsigned 32-bit integer) in dotted decimal into `buf` at `at`; returns the position after it. */
function putIPv4(buf: Uint8Array, n: number, at: number): number {
  at = putDecimal(buf, n >>> 24, at);
  buf[at++] = 46;
  at = putDecimal(buf, (n >>> 16) & 255, at);
  buf[at++] = 46;
  at = putDecimal(buf, (n >>> 8) & 255, at);
  buf[at++] = 46;
  return putDecimal(buf, n & 255, at);
}

/** The 16-bit group `k` (0-7, most significant first) of the address whose words are `w[i..i+3]`. */
const groupOf = (w: Uint32Array, i: number, k: number): number => (k & 1 ? w[i + (k >>> 1)]! & 0xffff : w[i + (k >>> 1)]! >>> 16);

/**
 * Writes an IPv6 address given as the four words `w[i..i+3]` (most significant first) in RFC 5952 form into `buf`
 * at `start`; returns the position after it.
 */
function putWords6(buf: Bytes, start: number, w: Uint32Array, i: number): number {
  // The first longest run of two or more zero groups.
  let bestAt = -1;
  let bestLen = 1;
  for (let k = 0; k < 8; ) {
    if (groupOf(w, i, k) !== 0) {
      k++;
      continue;
    }
    let j = k + 1;
    while (j < 8 && groupOf(w, i, j) === 0) j++;
    if (j - k > bestLen) {
      bestAt = k;
      bestLen = j - k;
    }
    k = j;
  }
  let at = start;
  for (let k = 0; k < 8; k++) {
    if (k === bestAt) {
      buf[at++] = 58;
      buf[at++] = 58;
      k += bestLen - 1;
      continue;
    }
    if (at !== start && k !== bestAt + bestLen) buf[at++] = 58;
    const v = groupOf(w, i, k);
    if (v >= 4096) buf[at++] = DIGITS[v >>> 12]!;
    if (v >= 256) buf[at++] = DIGITS[(v >>> 8) & 15]!;
    if (v >= 16) buf[at++] = DIGITS[(v >>> 4) & 15]!;
    buf[at++] = DIGITS[v & 15]!;
  }
  return at;
}

/** The dotted decimal text of an IPv4 address. */
const dotted = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** The RFC 5952 text of an IPv6 address, with `/prefix` when a prefix length is given. */
function text6(n: bigint, prefix?: number): string {
  const words = new Uint32Array(4);
  new Words128().split(n, words, 0);
  const bytes: number[] = [];
  let at = putWords6(bytes, 0, words, 0);
  if (prefix !== undefined) {
    bytes[at] = 47;
    at = putDecimal(bytes, prefix, at + 1);
  }
  return String.fromCharCode.apply(null, bytes);
}

/**
 * Formats an IPv4 address given as an unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * formatIPv4(0x0a000001); // '10.0.0.1'
 * ```
 */
export function formatIPv4(n: number): string {
  return dotted(n);
}

/**
 * Formats an IPv6 address given as an unsigned 128-bit bigint, per RFC 5952: lowercase hex without leading zeros,
 * the first longest run of two or more zero groups written as `::`, and never an IPv4 tail.
 *
 * @example
 * ```ts
 * formatIPv6(1n); // '::1'
 * ```
 */
export function formatIPv6(n: bigint): string {
  return text6(n);
}

/**
 * Formats a block as `address/prefix`: IPv4 dotted decimal, IPv6 RFC 5952 canonical (lowercase, longest zero run
 * compressed, no IPv4 tail). The prefix is always written, even for a single address.
 *
 * @example
 * ```ts
 * formatCidr(parseCidr('2001:DB8:0:0::/32').cidr); // '2001:db8::/32'
 * ```
 */
export function formatCidr(c: Cidr): string {
  return c.family === 4 ? `${dotted(c.first)}/${c.prefix}` : text6(c.first, c.prefix);
}

/**
 * Writes an IPv4 block as {@link formatCidr} does (`address/prefix`, ASCII) into `buf` at `at`, without a block
 * object; returns the position after it. At most 18 bytes are written.
 * @internal
 *
 * @example
 * ```ts
 * const buf = new Uint8Array(64);
 * new TextDecoder().decode(buf.subarray(0, writeBlock4(buf, 0, 0x0a000000, 8))); // '10.0.0.0/8'
 * ```
 */
export function writeBlock4(buf: Uint8Array, at: number, first: number, prefix: number): number {
  at = putIPv4(buf, first, at);
  buf[at] = 47;
  return putDecimal(buf, prefix, at + 1);
}

/**
 * Writes an IPv6 block given as the four words `w[i..i+3]` (most significant first) and a prefix length as
 * {@link formatCidr} does (RFC 5952, ASCII) into `buf` at `at`, without a block object or a bigint; returns the
 * position after it. At most 43 bytes are written.
 * @internal
 *
 * @example
 * ```ts
 * const buf = new Uint8Array(64);
 * const end = writeBlock6(buf, 0, new Uint32Array([0xfd000000, 0, 0, 0]), 0, 8);
 * new TextDecoder().decode(buf.subarray(0, end)); // 'fd00::/8'
 * ```
 */
export function writeBlock6(buf: Uint8Array, at: number, w: Uint32Array, i: number, prefix: number): number {
  at = putWords6(buf, at, w, i);
  buf[at] = 47;
  return putDecimal(buf, prefix, at + 1);
}
