/**
 * Text form of a block: IPv4 dotted decimal, IPv6 in RFC 5952 canonical form.
 *
 * Text is written as ASCII bytes into one buffer and decoded once, so each result is one flat string: building it
 * from many small pieces would leave a tree of partial strings behind every result for the garbage collector.
 */
import { BIG, W0, W1, W2, W3, WORD } from './block.js';
import type { Cidr } from './types.js';

/** The ASCII codes of the hex digits. */
const DIGITS = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);
/** The text being written: the longest is an IPv6 address of 39 characters and `/128`. */
const BYTES = new Uint8Array(64);
/** The eight 16-bit groups of the address being formatted, most significant first. */
const GROUPS = new Int32Array(8);

/** Writes `v` (0..999) in decimal into `buf` at `at`; returns the position after it. */
function putDecimal(buf: Uint8Array, v: number, at: number): number {
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

/** Writes an IPv6 address (an unsigned 128-bit bigint) in RFC 5952 form at 0; returns its length. */
function putIPv6(n: bigint): number {
  // Four 32-bit words through one 128-bit scratch buffer: two bigint operations instead of one per word.
  BIG[0] = n >> 64n;
  BIG[1] = n;
  return putWords6(BYTES, 0, WORD[W0]!, WORD[W1]!, WORD[W2]!, WORD[W3]!);
}

/**
 * Writes an IPv6 address given as four 32-bit words (most significant first) in RFC 5952 form into `buf` at
 * `start`; returns the position after it.
 */
function putWords6(buf: Uint8Array, start: number, w0: number, w1: number, w2: number, w3: number): number {
  const g = GROUPS;
  g[0] = w0 >>> 16;
  g[1] = w0 & 0xffff;
  g[2] = w1 >>> 16;
  g[3] = w1 & 0xffff;
  g[4] = w2 >>> 16;
  g[5] = w2 & 0xffff;
  g[6] = w3 >>> 16;
  g[7] = w3 & 0xffff;
  // The first longest run of two or more zero groups.
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  let at = start;
  for (let i = 0; i < 8; i++) {
    if (i === bestAt) {
      buf[at++] = 58;
      buf[at++] = 58;
      i += bestLen - 1;
      continue;
    }
    if (at !== start && i !== bestAt + bestLen) buf[at++] = 58;
    const v = g[i]!;
    if (v >= 4096) buf[at++] = DIGITS[v >>> 12]!;
    if (v >= 256) buf[at++] = DIGITS[(v >>> 8) & 15]!;
    if (v >= 16) buf[at++] = DIGITS[(v >>> 4) & 15]!;
    buf[at++] = DIGITS[v & 15]!;
  }
  return at;
}

/** The text written into the buffer, `BYTES[0, end)`. */
/** `VIEWS[n]` is the first `n` bytes of {@link BYTES}, made once rather than per call. */
const VIEWS = Array.from({ length: BYTES.length + 1 }, (_, n) => BYTES.subarray(0, n) as unknown as number[]);
const text = (end: number): string => String.fromCharCode.apply(null, VIEWS[end]!);

/**
 * Formats an IPv4 address given as an unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * formatIPv4(0x0a000001); // '10.0.0.1'
 * ```
 */
export function formatIPv4(n: number): string {
  return text(putIPv4(BYTES, n, 0));
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
  return text(putIPv6(n));
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
  const at = c.family === 4 ? putIPv4(BYTES, c.first, 0) : putIPv6(c.first);
  BYTES[at] = 47;
  return text(putDecimal(BYTES, c.prefix, at + 1));
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
 * Writes an IPv6 block given as four 32-bit words (most significant first) and a prefix length as
 * {@link formatCidr} does (RFC 5952, ASCII) into `buf` at `at`, without a block object or a bigint; returns the
 * position after it. At most 43 bytes are written.
 * @internal
 *
 * @example
 * ```ts
 * const buf = new Uint8Array(64);
 * new TextDecoder().decode(buf.subarray(0, writeBlock6(buf, 0, 0xfd000000, 0, 0, 0, 8))); // 'fd00::/8'
 * ```
 */
export function writeBlock6(buf: Uint8Array, at: number, w0: number, w1: number, w2: number, w3: number, prefix: number): number {
  at = putWords6(buf, at, w0, w1, w2, w3);
  buf[at] = 47;
  return putDecimal(buf, prefix, at + 1);
}
