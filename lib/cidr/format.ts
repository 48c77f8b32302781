/**
 * Text form of a block: IPv4 dotted decimal, IPv6 in RFC 5952 canonical form.
 *
 * Text is written as ASCII bytes and decoded in one go, so each result is one flat string: building it from many
 * small pieces would leave a tree of partial strings behind every result for the garbage collector (a template
 * string per block makes `mergeCidrs(...).map(formatCidr)` over a million blocks about 1.7 times slower). The bulk
 * API writes into a buffer of each call's own ({@link writeBlock4}, {@link writeBlock6}); one block alone goes
 * through {@link OneBlock}.
 */
import { splitWords } from './block.js';
import type { Cidr } from './types.js';

/** The ASCII codes of the hex digits. */
const DIGITS: readonly number[] = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

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

/** The 16-bit group `k` (0-7, most significant first) of the address whose words are `w[i..i+3]`. */
const groupOf = (w: Uint32Array, i: number, k: number): number => (k & 1 ? w[i + (k >>> 1)]! & 0xffff : w[i + (k >>> 1)]! >>> 16);

/**
 * Writes an IPv6 address given as the four words `w[i..i+3]` (most significant first) in RFC 5952 form into `buf`
 * at `start`; returns the position after it.
 */
function putWords6(buf: Uint8Array, start: number, w: Uint32Array, i: number): number {
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

/**
 * Writes the text of one block or address and decodes it. One instance serves the single-block functions below:
 * each call writes and decodes within itself, synchronously, so nothing carries over from one call to the next. It
 * is the engine's one piece of scratch space that outlives a call, because making a buffer per block costs more
 * than formatting it (several times over, for a million blocks); no other module reads it.
 */
class OneBlock {
  /** The text being written: the longest is an IPv6 address of 39 characters and `/128`. */
  private readonly bytes = new Uint8Array(64);
  /** `views[n]` is the first `n` bytes, made once rather than per call. */
  private readonly views = Array.from({ length: 65 }, (_, n) => this.bytes.subarray(0, n) as unknown as number[]);
  private readonly words = new Uint32Array(4);

  /** The text of an IPv4 address (`prefix` -1) or block. */
  ipv4(n: number, prefix: number): string {
    return this.text(putIPv4(this.bytes, n, 0), prefix);
  }

  /** The text of an IPv6 address (`prefix` -1) or block. */
  ipv6(n: bigint, prefix: number): string {
    splitWords(n, this.words, 0);
    return this.text(putWords6(this.bytes, 0, this.words, 0), prefix);
  }

  /** The address written so far, `bytes[0, at)`, with `/prefix` unless `prefix` is -1, as one flat string. */
  private text(at: number, prefix: number): string {
    if (prefix >= 0) {
      this.bytes[at] = 47;
      at = putDecimal(this.bytes, prefix, at + 1);
    }
    return String.fromCharCode.apply(null, this.views[at]!);
  }
}

const ONE = new OneBlock();

/**
 * Formats an IPv4 address given as an unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * formatIPv4(0x0a000001); // '10.0.0.1'
 * ```
 */
export function formatIPv4(n: number): string {
  return ONE.ipv4(n, -1);
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
  return ONE.ipv6(n, -1);
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
  return c.family === 4 ? ONE.ipv4(c.first, c.prefix) : ONE.ipv6(c.first, c.prefix);
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
