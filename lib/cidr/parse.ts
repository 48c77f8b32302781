/**
 * Strict parsing of one address or CIDR. IPv4 is exactly four decimal parts 0-255 without leading zeros (no hex,
 * octal or short forms); IPv6 follows RFC 4291 (`::` once, an IPv4 tail allowed, no zone id); the prefix length is
 * decimal without leading zeros. Host bits may be set: the block is normalised to its network address.
 */
import { RenderInjectorError, type ErrorPlace } from '../errors.js';
import { SIZE4, cidr4, cidr6, joinWords } from './block.js';
import type { Cidr } from './types.js';

/**
 * Why a text was refused, and how to fix it.
 * @internal
 */
export interface Refusal {
  why: string;
  hint: string;
}

const HINT_V4 = 'write IPv4 as four decimal numbers from 0 to 255 without leading zeros, e.g. 10.0.0.0/8';
const HINT_V6 = 'write IPv6 as up to eight groups of 1-4 hex digits with at most one "::", e.g. fd00::/8';
const HINT_ZONE = 'drop the zone id (the "%..." part): a range cannot name an interface';
const HINT_PREFIX = 'use a prefix length from 0 to 32 for IPv4 or 0 to 128 for IPv6, without leading zeros';
const HINT_EMPTY = 'write an address or CIDR such as 10.0.0.0/8, or use "*" alone as the whole list for everything';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const refuse = (why: string, hint: string): Refusal => ({ why, hint });
const show = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);

/** Explains why `addr` (known to be refused by the fast scan) is not a strict IPv4 address. */
function explainIPv4(addr: string): Refusal {
  const parts = addr.split('.');
  for (const [i, part] of parts.entries()) {
    if (part === '') return refuse(`IPv4 part ${i + 1} is empty`, HINT_V4);
    if (/^0x/i.test(part)) return refuse(`IPv4 part ${show(part)} is hexadecimal; only decimal is allowed`, HINT_V4);
    if (!/^[0-9]+$/.test(part)) return refuse(`IPv4 part ${show(part)} is not a decimal number`, HINT_V4);
    if (part.length > 1 && part.startsWith('0')) {
      return refuse(`IPv4 part ${show(part)} has a leading zero (other tools read it as octal)`, HINT_V4);
    }
    if (Number(part) > 255) return refuse(`IPv4 part ${show(part)} is over 255`, HINT_V4);
  }
  return refuse(`IPv4 address has ${parts.length} parts, not 4 (short forms like 127.1 are refused)`, HINT_V4);
}

/**
 * Parses a strict IPv4 address from `text[from, to)`, returning it as an unsigned 32-bit integer or a refusal.
 */
function scanIPv4(text: string, from: number, to: number): number | Refusal {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  let lead = 0;
  for (let i = from; i <= to; i++) {
    const c = i === to ? 46 : text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255 || (digits > 1 && lead === 48) || ++parts > 4) break;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (isDigit(c) && digits < 3) {
      if (digits++ === 0) lead = c;
      part = part * 10 + (c - 48);
    } else {
      parts = 5;
      break;
    }
  }
  return parts === 4 && digits === 0 ? value : explainIPv4(text.slice(from, to));
}

/** `HEX[c]` is the value of the hex digit with char code `c`, or -1. */
const HEX = new Int8Array(128).fill(-1);
for (let d = 0; d < 16; d++) {
  HEX['0123456789abcdef'.charCodeAt(d)] = d;
  HEX['0123456789ABCDEF'.charCodeAt(d)] = d;
}

/** Where the eight 16-bit groups of an IPv6 address being scanned go in a {@link Scan}, most significant first. */
const G = 6;

/**
 * The fast path for the usual IPv6 text: hex groups and at most one `::`, scanned by char code into the groups of
 * `scan`. Returns false for anything else (an IPv4 tail, a zone id, any mistake), and then
 * {@link scanIPv6} decides, so the fast path only ever accepts what the full scan accepts.
 */
function scanGroups(text: string, end: number, scan: Scan): boolean {
  let n = 0;
  let gap = -1;
  let i = 0;
  if (end >= 2 && text.charCodeAt(0) === 58 && text.charCodeAt(1) === 58) {
    gap = 0;
    i = 2;
  }
  while (i < end) {
    let value = 0;
    const start = i;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      const d = c < 128 ? HEX[c]! : -1;
      if (d < 0) break;
      value = value * 16 + d;
    }
    if (i === start || i - start > 4 || n === 8) return false;
    scan[G + n++] = value;
    if (i === end) break;
    if (text.charCodeAt(i) !== 58 || ++i === end) return false;
    if (text.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = n;
      i++;
    }
  }
  if (gap < 0) return n === 8;
  if (n > 7) return false;
  // Move the groups after "::" to the end and zero the gap.
  const move = n - gap;
  for (let k = 1; k <= move; k++) scan[G + 8 - k] = scan[G + n - k]!;
  for (let k = gap; k < 8 - move; k++) scan[G + k] = 0;
  return true;
}

/**
 * Parses a strict RFC 4291 IPv6 address (no zone id) into the groups of `scan`, or returns a refusal; for text
 * that {@link scanGroups} refused (an IPv4 tail, or a mistake to explain).
 */
function scanIPv6(addr: string, scan: Scan): undefined | Refusal {
  if (addr.includes('%')) return refuse('IPv6 zone ids ("%...") are not allowed', HINT_ZONE);
  const bad = /[^0-9A-Fa-f:.]/.exec(addr);
  if (bad) return refuse(`IPv6 address has the character ${show(bad[0])}`, HINT_V6);
  const gap = addr.indexOf('::');
  if (gap >= 0 && addr.indexOf('::', gap + 1) >= 0) return refuse('"::" may appear only once', HINT_V6);
  const head = groupsOf(gap >= 0 ? addr.slice(0, gap) : addr, gap < 0);
  if ('why' in head) return head;
  const tail = groupsOf(gap >= 0 ? addr.slice(gap + 2) : '', true);
  if ('why' in tail) return tail;
  const count = head.length + tail.length;
  if (gap < 0 && count !== 8) return refuse(`IPv6 address has ${count} groups, not 8, and no "::"`, HINT_V6);
  if (gap >= 0 && count > 7) return refuse(`IPv6 address has ${count} groups besides "::", where at most 7 fit`, HINT_V6);
  scan.set(head.concat(Array<number>(8 - count).fill(0), tail), G);
  return undefined;
}

/**
 * Parses the colon-separated groups on one side of `::` into 16-bit numbers; an IPv4 tail (two groups) is allowed
 * as the very last part of the address only (`last`).
 */
function groupsOf(side: string, last: boolean): number[] | Refusal {
  const groups: number[] = [];
  if (side === '') return groups;
  const parts = side.split(':');
  for (const [i, g] of parts.entries()) {
    if (g.includes('.')) {
      if (!last || i !== parts.length - 1) {
        return refuse(`IPv4 tail ${show(g)} must be the last part of the IPv6 address`, HINT_V6);
      }
      const v4 = scanIPv4(g, 0, g.length);
      if (typeof v4 !== 'number') return v4;
      groups.push(v4 >>> 16, v4 & 0xffff);
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) {
      groups.push(parseInt(g, 16));
    } else {
      return refuse(g === '' ? 'IPv6 address has an empty group (a stray ":")' : `IPv6 group ${show(g)} is not 1-4 hex digits`, HINT_V6);
    }
  }
  return groups;
}

/** Parses a prefix length from `text[from, end)`, or returns a refusal. */
function scanPrefix(text: string, from: number, max: number): number | Refusal {
  // Fast path: 1-3 digits, no leading zero, in range; anything else is explained below.
  const len = text.length - from;
  let v = text.charCodeAt(from) - 48;
  if (len <= 3 && v >= (len > 1 ? 1 : 0) && v <= 9) {
    for (let i = from + 1; i < text.length; i++) {
      const d = text.charCodeAt(i) - 48;
      v = d >= 0 && d <= 9 ? v * 10 + d : 999;
    }
    if (v <= max) return v;
  }
  const p = text.slice(from);
  if (p === '') return refuse('the prefix length after "/" is missing', HINT_PREFIX);
  if (!/^[0-9]+$/.test(p)) return refuse(`prefix length ${show(p)} is not a decimal number`, HINT_PREFIX);
  if (p.length > 1 && p.startsWith('0')) return refuse(`prefix length ${show(p)} has a leading zero`, HINT_PREFIX);
  // Decimal without a leading zero, yet refused by the fast path: it is too large.
  return refuse(`prefix length ${p} is over ${max}, the longest for IPv${max === 32 ? 4 : 6}`, HINT_PREFIX);
}

/** The result of parsing one CIDR: the normalised block and whether the text had host bits set. */
export interface ParsedCidr {
  /** The block, normalised to its network address. */
  cidr: Cidr;
  /** True when the text named an address inside the block rather than its network address (`10.0.0.1/24`). */
  hostBitsSet: boolean;
}

/**
 * Where the full scan ({@link scanCidr}) puts the IPv6 block it read: `[prefix, hostBitsSet, w0, w1, w2, w3, ...]`,
 * where `w0..w3` are the network address as 32-bit words, most significant first, and eight more words hold the
 * 16-bit groups of the address while it is scanned. Scratch space owned by the caller (see {@link newScan}),
 * overwritten by every scan, so a bulk caller reads each result without an object per entry.
 * @internal
 */
export type Scan = Uint32Array;

/**
 * A new {@link Scan}, for one call to use for all its entries.
 * @internal
 */
export const newScan = (): Scan => new Uint32Array(G + 8);

/**
 * The fast path for the usual IPv4 text, `a.b.c.d` or `a.b.c.d/p`, scanned once by char code: the whole of `text`,
 * or `text[start, n)` when a bulk caller scans a line of a larger text in place. Returns the block packed in one
 * number, `first * 128 + prefix * 2 + hostBitsSet` (`first` the network address; read it with {@link packedFirst} and {@link packedPrefix}), so
 * that no object or scratch space is needed; or -1 for anything else (an IPv6 address, any mistake), and then the
 * full scan decides, so the fast path only ever accepts what the full scan accepts.
 * @internal
 *
 * @example
 * ```ts
 * scanIPv4Fast('10.0.0.1/8'); // 0x0a000000 * 128 + 8 * 2 + 1
 * ```
 */
export function scanIPv4Fast(text: string, start = 0, n = text.length): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  let lead = 0;
  let i = start;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 0) lead = c;
      else if (lead === 48 || digits === 3) return -1;
      part = part * 10 + (c - 48);
      digits++;
      continue;
    }
    if (digits === 0 || part > 255 || c !== (parts === 3 ? 47 : 46)) return -1;
    value = value * 256 + part;
    part = 0;
    digits = 0;
    if (++parts === 4) break;
  }
  let prefix = 32;
  if (parts === 4) {
    // The prefix length is what follows the slash: 1-2 digits without a leading zero, at most 32.
    const len = n - i - 1;
    const d0 = text.charCodeAt(i + 1) - 48;
    const d1 = len === 2 ? text.charCodeAt(i + 2) - 48 : 0;
    if (len < 1 || len > 2 || d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9 || (len === 2 && d0 === 0)) return -1;
    prefix = len === 2 ? d0 * 10 + d1 : d0;
    if (prefix > 32) return -1;
  } else {
    // No slash: the text ended in the last part.
    if (parts !== 3 || digits === 0 || part > 255) return -1;
    value = value * 256 + part;
  }
  const first = value - (value % SIZE4[prefix]!);
  return first * 128 + prefix * 2 + (first !== value ? 1 : 0);
}

/**
 * The network address of a block packed by {@link scanIPv4Fast}.
 * @internal
 */
export const packedFirst = (packed: number): number => Math.floor(packed / 128);
/**
 * The prefix length of a block packed by {@link scanIPv4Fast}.
 * @internal
 */
export const packedPrefix = (packed: number): number => (packed % 128) >>> 1;

/**
 * The full scan, for a text that {@link scanIPv4Fast} refused: scans an IPv6 block into `scan` (host bits cleared),
 * or returns why the text is refused. Together with the fast scan, the one strict scanner behind {@link parseCidr},
 * the range-list parser and the bulk functions; every IPv4 text the fast scan refuses is refused here too, with
 * the reason.
 * @internal
 *
 * @example
 * ```ts
 * const scan = newScan();
 * scanCidr('fd00::1/8', scan); // undefined; scan starts [8, 1, 0xfd000000, 0, 0, 0]
 * scanCidr('10.0.0.256', scan); // { why: 'IPv4 part "256" is over 255', hint: ... }
 * ```
 */
export function scanCidr(text: string, scan: Scan): Refusal | undefined {
  if (text === '') return refuse('the entry is empty', HINT_EMPTY);
  if (text === '*') return refuse('"*" is only valid alone, as the whole range list', HINT_EMPTY);
  const slash = text.indexOf('/');
  const end = slash < 0 ? text.length : slash;
  if (text.lastIndexOf(':', end) < 0) {
    // Refused by the fast IPv4 scan, which accepts exactly what these strict scans accept: find out why.
    const addr = scanIPv4(text, 0, end);
    const refused = typeof addr === 'number' ? scanPrefix(text, slash + 1, 32) : addr;
    /* c8 ignore next: unreachable, the fast scan accepted every valid IPv4 CIDR */
    return typeof refused === 'number' ? refuse('the IPv4 CIDR could not be read', HINT_V4) : refused;
  }
  // The usual IPv6 text passes the fast group scan in place; anything else takes the full scan of the address part.
  const refused = scanGroups(text, end, scan) ? undefined : scanIPv6(slash < 0 ? text : text.slice(0, end), scan);
  if (refused) return refused;
  const prefix = slash < 0 ? 128 : scanPrefix(text, slash + 1, 128);
  if (typeof prefix !== 'number') return prefix;
  // Clear the host bits word by word.
  let hostBitsSet = 0;
  for (let w = 0; w < 4; w++) {
    const word = scan[G + 2 * w]! * 65536 + scan[G + 2 * w + 1]!;
    const keep = prefix - 32 * w;
    const kept = keep >= 32 ? word : keep <= 0 ? 0 : (word & (0xffffffff << (32 - keep))) >>> 0;
    if (kept !== word) hostBitsSet = 1;
    scan[2 + w] = kept;
  }
  if (prefix >= 96 && scan[2] === 0 && scan[3] === 0 && scan[4] === 0xffff) {
    // ::ffff:a.b.c.d: the kernel sends that traffic as IPv4, so an IPv6 rule never matches it, and an IPv4
    // exclude would not subtract it. Refused here, so that every way in (options, values, files) refuses it.
    const v4 = scan[5]!;
    const dotted = [v4 >>> 24, (v4 >>> 16) & 255, (v4 >>> 8) & 255, v4 & 255].join('.');
    return refuse('it is an IPv4-mapped IPv6 range (::ffff:0:0/96), which IPv6 rules never match: the kernel sends that traffic as IPv4', `write it as IPv4: ${dotted}/${prefix - 96}`);
  }
  scan[0] = prefix;
  scan[1] = hostBitsSet;
  return undefined;
}

/**
 * Parses one CIDR or returns why it is refused; the hot path used by {@link parseCidr} and the range-list parser.
 * @internal
 */
export function tryParseCidr(text: string): ParsedCidr | Refusal {
  const packed = scanIPv4Fast(text);
  if (packed >= 0) {
    return { cidr: cidr4(packedFirst(packed), packedPrefix(packed)), hostBitsSet: packed % 2 === 1 };
  }
  const scan = newScan();
  const refused = scanCidr(text, scan);
  if (refused) return refused;
  // Build the bigint once from the four words.
  return { cidr: cidr6(joinWords(scan, 2), scan[0]!), hostBitsSet: scan[1] === 1 };
}

/**
 * Builds the `E_CIDR` error for a refused entry.
 * @internal
 */
export function cidrError(text: string, refusal: Refusal, place: ErrorPlace | undefined, label = ''): RenderInjectorError {
  return new RenderInjectorError('E_CIDR', `invalid CIDR ${show(text)}${label}: ${refusal.why}`, {
    ...(place ? { place } : {}),
    hint: refusal.hint,
  });
}

/**
 * Parses one address or CIDR strictly. A bare address is a /32 (IPv4) or /128 (IPv6) block. Host bits set
 * (`10.0.0.1/24`) are accepted: the block is normalised to its network address and `hostBitsSet` is true.
 * No whitespace is trimmed.
 *
 * @param text The address or CIDR, e.g. `10.0.0.0/8`, `fd00::/8`, `64:ff9b::1.2.3.4` (an IPv4-mapped `::ffff:…` range is
 *   refused with its IPv4 spelling as the fix).
 * @param place Where the text came from, attached to the error.
 * @throws RenderInjectorError `E_CIDR` naming the text, why it is refused, and a hint.
 *
 * @example
 * ```ts
 * const { cidr, hostBitsSet } = parseCidr('10.0.0.1/24');
 * formatCidr(cidr); // '10.0.0.0/24'; hostBitsSet === true
 * parseCidr('010.0.0.1/8'); // throws E_CIDR: IPv4 part "010" has a leading zero
 * ```
 */
export function parseCidr(text: string, place?: ErrorPlace): ParsedCidr {
  const r = tryParseCidr(text);
  if ('why' in r) throw cidrError(text, r, place);
  return r;
}
