/**
 * Bulk set algebra for large lists of CIDR text: strings in, canonical strings out, with no object per entry or
 * per result block. Each text is scanned by the same strict scanner as {@link parseCidr} straight into typed
 * arrays (IPv4 as its first and last address per block; IPv6 as four 32-bit words for its first and four for its last
 * address), the intervals are radix-sorted by start, one linear sweep merges (or subtracts) them, and each
 * result block is written out as text directly. The results equal `mergeCidrs(...).map(formatCidr)` and
 * `subtractCidrs(...).map(formatCidr)` exactly.
 */
import type { ErrorPlace } from '../errors.js';
import { RADIX_MIN, sortOrder } from './family.js';
import { writeBlock4, writeBlock6 } from './format.js';
import { SIZE4, SPACE4 } from './block.js';
import { SCAN, cidrError, scanCidr, scanIPv4Fast } from './parse.js';

/**
 * One parsed list: `n4` IPv4 intervals from `starts4[i]` to `lasts4[i]` (inclusive), and `n6` IPv6 intervals whose
 * first and last addresses are the words `starts6[4i..4i+3]` and `lasts6[4i..4i+3]`, most significant first.
 */
interface Parsed {
  n4: number;
  starts4: Uint32Array;
  lasts4: Uint32Array;
  n6: number;
  starts6: Uint32Array;
  lasts6: Uint32Array;
}

/**
 * A canonical IPv4 interval list: from `starts[i]` to `lasts[i]` (inclusive) for `i < n`, sorted, disjoint and not
 * adjacent.
 */
interface Spans4 {
  n: number;
  starts: Uint32Array;
  lasts: Uint32Array;
}

/**
 * A canonical IPv6 interval list of `n` intervals, eight words each in `words`: the first address (four 32-bit
 * words, most significant first), then the last address (inclusive, so that the whole space fits).
 */
interface Spans6 {
  n: number;
  words: Uint32Array;
}

/**
 * The result text being written: canonical blocks as ASCII, each followed by `sep` (a comma, or a line break for
 * {@link mergeCidrLines}), in `buf[0, at)`. Each full buffer is decoded once and, for a list, split into `out`, so
 * every result is a flat string made in one go rather than one small decode per block; for lines, the decoded
 * text goes into `out` whole. The buffer is one small reused array rather than one as large as the result.
 */
interface Sink {
  out: string[];
  buf: Uint8Array;
  at: number;
  sep: number;
}

/** Room for the longest block text (43 bytes) and its comma. */
const BLOCK_ROOM = 44;
/** The buffer every sink writes into (calls never overlap: they are synchronous). */
const CHUNK = new Uint8Array(1 << 16);
const DECODER = new TextDecoder();

/** Moves the text written so far into `sink.out`. Every byte is ASCII, so UTF-8 decoding gives one char per byte. */
function flush(sink: Sink): void {
  if (sink.at === 0) return;
  if (sink.sep === 10) {
    sink.out.push(DECODER.decode(sink.buf.subarray(0, sink.at)));
    sink.at = 0;
    return;
  }
  const parts = DECODER.decode(sink.buf.subarray(0, sink.at - 1)).split(',');
  for (let i = 0; i < parts.length; i++) sink.out.push(parts[i]!);
  sink.at = 0;
}

/** Makes sure `sink` has room for one more block, flushing it when needed; returns the buffer. */
function room(sink: Sink): Uint8Array {
  if (sink.at + BLOCK_ROOM > sink.buf.length) flush(sink);
  return sink.buf;
}

/** Radix sort counters, one per 16-bit digit value, allocated on first use. */
let counts: Uint32Array | undefined;

/**
 * Sorts `n` IPv4 intervals by first address, moving the first and last addresses together: a two-pass radix sort
 * over 16-bit digits through `tmp` (room for `2n` words), for large lists; a comparison sort for small ones.
 */
function sort4(starts: Uint32Array, lasts: Uint32Array, n: number, tmp: Uint32Array): void {
  if (n < RADIX_MIN) {
    const order = sortOrder(starts.subarray(0, n), 1);
    for (let i = 0; i < n; i++) {
      tmp[i] = starts[order[i]!]!;
      tmp[n + i] = lasts[order[i]!]!;
    }
    starts.set(tmp.subarray(0, n));
    lasts.set(tmp.subarray(n, 2 * n));
    return;
  }
  const count = (counts ??= new Uint32Array(65536));
  let s0 = starts;
  let l0 = lasts;
  let s1 = tmp.subarray(0, n);
  let l1 = tmp.subarray(n, 2 * n);
  for (let shift = 0; shift <= 16; shift += 16) {
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const d = (s0[i]! >>> shift) & 0xffff;
      count[d] = count[d]! + 1;
    }
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = s0[i]!;
      const d = (v >>> shift) & 0xffff;
      const at = count[d]!;
      count[d] = at + 1;
      s1[at] = v;
      l1[at] = l0[i]!;
    }
    [s0, s1] = [s1, s0];
    [l0, l1] = [l1, l0];
  }
  // Two passes: the sorted data is back in the arrays given.
}

/** Copies the four words `a[i..i+3]` to `b[j..j+3]`. */
function copy4(a: Uint32Array, i: number, b: Uint32Array, j: number): void {
  b[j] = a[i]!;
  b[j + 1] = a[i + 1]!;
  b[j + 2] = a[i + 2]!;
  b[j + 3] = a[i + 3]!;
}

/** A copy of `a` with twice the room (at least 64 elements). */
function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(Math.max(64, 2 * a.length));
  b.set(a);
  return b;
}

/** An empty list, with IPv4 room for `count` entries; the IPv6 arrays grow as IPv6 entries come. */
function parsedFor(count: number): Parsed {
  return { n4: 0, starts4: new Uint32Array(count), lasts4: new Uint32Array(count), n6: 0, starts6: new Uint32Array(0), lasts6: new Uint32Array(0) };
}

/** Adds the block just scanned into {@link SCAN} to `p`. */
function take(p: Parsed): void {
  const prefix = SCAN[1]!;
  if (SCAN[0] === 4) {
    const first = SCAN[3]!;
    p.starts4[p.n4] = first;
    p.lasts4[p.n4++] = first + SIZE4[prefix]! - 1;
    return;
  }
  const at = 4 * p.n6++;
  if (at === p.starts6.length) {
    p.starts6 = grow(p.starts6);
    p.lasts6 = grow(p.lasts6);
  }
  for (let w = 0; w < 4; w++) {
    const first = SCAN[3 + w]!;
    const keep = prefix - 32 * w;
    p.starts6[at + w] = first;
    // The last address: the first with every host bit set.
    p.lasts6[at + w] = keep >= 32 ? first : keep <= 0 ? 0xffffffff : (first | (0xffffffff >>> keep)) >>> 0;
  }
}

/** Scans every text into typed arrays; throws `E_CIDR` for the first bad entry, naming it and its index. */
function parseTexts(texts: readonly string[], which: string, place: ErrorPlace | undefined): Parsed {
  const p = parsedFor(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const refused = scanCidr(text);
    if (refused) throw cidrError(text, refused, place, ` (index ${i}${which})`);
    take(p);
  }
  return p;
}

/**
 * Scans a text of one entry per line into typed arrays, each line in place (no string per line unless the fast
 * IPv4 scan declines it); blank lines are skipped and a line may end in CR LF. Throws `E_CIDR` for the first bad
 * line, naming it and its line number.
 */
function parseLines(text: string, place: ErrorPlace | undefined): Parsed {
  // A line holds at least two characters with its line break, except perhaps the last.
  const p = parsedFor((text.length >>> 1) + 1);
  const length = text.length;
  let line = 0;
  for (let start = 0; start < length; ) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = length;
    line++;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (end > start) {
      if (!scanIPv4Fast(text, start, end)) {
        const entry = text.slice(start, end);
        const refused = scanCidr(entry);
        if (refused) throw cidrError(entry, refused, { ...place, line }, '');
      }
      take(p);
    }
    start = nl + 1;
  }
  return p;
}

/** Sorts the IPv4 intervals of `p` by start and joins overlapping and adjacent ones, in place; `tmp` as for {@link sort4}. */
function merge4(p: Parsed, tmp: Uint32Array): Spans4 {
  const n = p.n4;
  const starts = p.starts4;
  const lasts = p.lasts4;
  sort4(starts, lasts, n, tmp);
  let m = 0;
  for (let i = 1; i < n; i++) {
    const s = starts[i]!;
    // Joined when the interval starts at or before one past the current last address.
    if (s <= lasts[m]! + 1) {
      const l = lasts[i]!;
      if (l > lasts[m]!) lasts[m] = l;
    } else {
      starts[++m] = s;
      lasts[m] = lasts[i]!;
    }
  }
  return { n: n === 0 ? 0 : m + 1, starts, lasts };
}

/** Writes the fewest IPv4 blocks covering `[at, end)` (end up to 2^32), ascending, as text. */
function piece4(sink: Sink, at: number, end: number): void {
  while (at < end) {
    // The largest aligned block starting at `at` that fits: limited by the room left and by `at`'s lowest set bit.
    const left = end - at;
    let k = left >= SPACE4 ? 32 : 31 - Math.clz32(left);
    if (at !== 0) {
      const low = 31 - Math.clz32(at & -at);
      if (low < k) k = low;
    }
    const buf = room(sink);
    const stop = writeBlock4(buf, sink.at, at, 32 - k);
    buf[stop] = sink.sep;
    sink.at = stop + 1;
    at += SIZE4[32 - k]!;
  }
}

/** Writes the canonical list `s` as text. */
function emit4(s: Spans4, sink: Sink): void {
  for (let i = 0; i < s.n; i++) piece4(sink, s.starts[i]!, s.lasts[i]! + 1);
}

/** Writes the addresses of `a` not in `b` (both canonical) as text. */
function subtract4(a: Spans4, b: Spans4, sink: Sink): void {
  let j = 0;
  for (let i = 0; i < a.n; i++) {
    let cur = a.starts[i]!;
    const end = a.lasts[i]! + 1;
    while (j < b.n && b.lasts[j]! < cur) j++;
    for (let k = j; k < b.n && b.starts[k]! < end; k++) {
      if (b.starts[k]! > cur) piece4(sink, cur, b.starts[k]!);
      cur = b.lasts[k]! + 1;
      j = k;
      if (cur >= end) break;
    }
    if (cur < end) piece4(sink, cur, end);
  }
}

/** Whether the words `a[i..i+3]` are below `b[j..j+3]`. */
function below(a: Uint32Array, i: number, b: Uint32Array, j: number): boolean {
  for (let w = 0; w < 4; w++) {
    const x = a[i + w]!;
    const y = b[j + w]!;
    if (x !== y) return x < y;
  }
  return false;
}

/** Whether an interval starting at `a[i..i+3]` touches one ending at `b[j..j+3]`: start <= last + 1. */
function touches(a: Uint32Array, i: number, b: Uint32Array, j: number): boolean {
  if (!below(b, j, a, i)) return true;
  // start > last: touching only when start is exactly last + 1.
  let carry = 1;
  for (let w = 3; w >= 0; w--) {
    const v = b[j + w]! + carry;
    carry = v > 0xffffffff ? 1 : 0;
    if (v >>> 0 !== a[i + w]) return false;
  }
  return true;
}

/** Writes `a[i..i+3] + delta` (delta is 1 or -1, never wrapping) at `to[k..k+3]`. */
function step(a: Uint32Array, i: number, delta: number, to: Uint32Array, k: number): void {
  let carry = delta;
  for (let w = 3; w >= 0; w--) {
    const v = a[i + w]! + carry;
    to[k + w] = v;
    carry = v > 0xffffffff ? 1 : v < 0 ? -1 : 0;
  }
}

/** Sorts the IPv6 intervals of `p` by first address and joins overlapping and adjacent ones. */
function merge6(p: Parsed): Spans6 {
  const n = p.n6;
  const { starts6, lasts6 } = p;
  const words = new Uint32Array(8 * n);
  if (n === 0) return { n: 0, words };
  const order = sortOrder(starts6.subarray(0, 4 * n), 4);
  let at = -8;
  for (let i = 0; i < n; i++) {
    const j = 4 * order[i]!;
    if (at >= 0 && touches(starts6, j, words, at + 4)) {
      if (below(words, at + 4, lasts6, j)) copy4(lasts6, j, words, at + 4);
    } else {
      at += 8;
      copy4(starts6, j, words, at);
      copy4(lasts6, j, words, at + 4);
    }
  }
  return { n: at / 8 + 1, words };
}

/** The addresses of `a` not in `b`, both canonical, as a canonical list. */
function subtract6(a: Spans6, b: Spans6): Spans6 {
  const A = a.words;
  const B = b.words;
  const words = new Uint32Array(8 * (a.n + b.n));
  let at = 0;
  let j = 0;
  for (let i = 0; i < 8 * a.n; i += 8) {
    // The first address of `a`'s interval not yet handled, kept in the next output slot's first half.
    copy4(A, i, words, at);
    let done = false;
    while (j < 8 * b.n && below(B, j + 4, words, at)) j += 8;
    for (let k = j; k < 8 * b.n && !below(A, i + 4, B, k); k += 8) {
      j = k;
      if (below(words, at, B, k)) {
        step(B, k, -1, words, at + 4);
        at += 8;
      }
      if (!below(B, k + 4, A, i + 4)) {
        done = true;
        break;
      }
      step(B, k + 4, 1, words, at);
    }
    if (!done) {
      copy4(A, i + 4, words, at + 4);
      at += 8;
    }
  }
  return { n: at / 8, words };
}

/** The position of the highest set bit of the words `v[i..i+3]` (most significant first), or -1 for zero. */
function topBit(v: Uint32Array, i: number): number {
  for (let w = 0; w < 3; w++) {
    const x = v[i + w]!;
    if (x !== 0) return 32 * (3 - w) + 31 - Math.clz32(x);
  }
  return 31 - Math.clz32(v[i + 3]!);
}

/** The number of trailing zero bits of the words `v[i..i+3]` (most significant first), 128 for zero. */
function lowBit(v: Uint32Array, i: number): number {
  for (let w = 3; w >= 0; w--) {
    const x = v[i + w]!;
    if (x !== 0) return 32 * (3 - w) + 31 - Math.clz32(x & -x);
  }
  return 128;
}

/**
 * Scratch for the IPv6 block walk: the next block's first address (words 0-3), the interval's last address (4-7)
 * and the number of addresses left in the interval, minus one (8-11).
 */
const WALK = new Uint32Array(12);

/** Writes the fewest IPv6 blocks covering the canonical list `s`, ascending, as text. */
function emit6(s: Spans6, sink: Sink): void {
  const v = WALK;
  for (let i = 0; i < 8 * s.n; i += 8) {
    copy4(s.words, i, v, 0);
    copy4(s.words, i + 4, v, 4);
    for (;;) {
      // left = last - first, never negative. The block holds 2^k addresses: k is at most log2(left + 1) and at
      // most the number of trailing zero bits of first.
      let borrow = 0;
      for (let w = 3; w >= 0; w--) {
        const x = v[4 + w]! - v[w]! - borrow;
        borrow = x < 0 ? 1 : 0;
        v[8 + w] = x;
      }
      // left + 1 is at least 2^top with top = topBit(left), and reaches 2^(top + 1) only when left is all ones
      // below top; then topBit(left + 1) = top + 1. So k = topBit(left + 1), with left + 1 = 2^128 for everything.
      step(v, 8, 1, v, 8);
      const fit = v[8]! === 0 && v[9]! === 0 && v[10]! === 0 && v[11]! === 0 ? 128 : topBit(v, 8);
      const k = Math.min(fit, lowBit(v, 0));
      const buf = room(sink);
      const end = writeBlock6(buf, sink.at, v[0]!, v[1]!, v[2]!, v[3]!, 128 - k);
      buf[end] = sink.sep;
      sink.at = end + 1;
      // Move on by 2^k; done past the end of the space or of the interval.
      if (k === 128) break;
      let carry = 0;
      for (let w = 3; w >= 0; w--) {
        const x = v[w]! + (k >>> 5 === 3 - w ? 2 ** (k & 31) : 0) + carry;
        v[w] = x;
        carry = x > 0xffffffff ? 1 : 0;
      }
      if (carry === 1 || below(v, 4, v, 0)) break;
    }
  }
}

/** A new sink, writing into the shared buffer, each block followed by `sep` (a comma unless given). */
const sinkOf = (sep = 44): Sink => ({ out: [], buf: CHUNK, at: 0, sep });

/** Merges the blocks of `p` and writes them into `sink`, IPv4 first; returns the sink. */
function mergeInto(p: Parsed, sink: Sink): Sink {
  emit4(merge4(p, new Uint32Array(2 * p.n4)), sink);
  emit6(merge6(p), sink);
  flush(sink);
  return sink;
}

/**
 * Merges a large list of CIDR texts into the fewest blocks covering the same addresses, as canonical text:
 * the same result as `mergeCidrs(texts.map((t) => parseCidr(t).cidr)).map(formatCidr)`, with the same strict
 * parsing (host bits set are accepted and cleared; no whitespace is trimmed), but without an object per entry or
 * per result. Families may be mixed; IPv4 blocks come first, each family ascending.
 *
 * @param texts The CIDRs or addresses, e.g. `10.0.0.0/8`, `fd00::/8`, `192.0.2.1`.
 * @param place Where the list came from, attached to the error.
 * @throws RenderInjectorError `E_CIDR` for the first bad entry, naming it and its index in `texts`.
 *
 * @example
 * ```ts
 * mergeCidrTexts(['10.0.0.128/25', '10.0.0.0/25', 'fd00::1', '10.0.0.7/32']); // ['10.0.0.0/24', 'fd00::1/128']
 * mergeCidrTexts(['10.0.0.0/8', '10.0.0.256/32']); // throws E_CIDR: ... (index 1): IPv4 part "256" is over 255
 * ```
 */
export function mergeCidrTexts(texts: readonly string[], place?: ErrorPlace): string[] {
  return mergeInto(parseTexts(texts, '', place), sinkOf()).out;
}

/**
 * The addresses of `texts` that are not in `remove`, as canonical text: the same result as
 * `subtractCidrs(parsed texts, parsed remove).map(formatCidr)`, with the same strict parsing, but without an
 * object per entry or per result. IPv4 blocks come first, each family ascending.
 *
 * @param texts The CIDRs or addresses to take from.
 * @param remove The CIDRs or addresses to take away.
 * @param place Where the lists came from, attached to the error.
 * @throws RenderInjectorError `E_CIDR` for the first bad entry, naming it and its index (in `texts`, or "of the
 * list to subtract" in `remove`).
 *
 * @example
 * ```ts
 * subtractCidrTexts(['10.0.0.0/8', 'fd00::/8'], ['10.0.0.0/9', 'fd00::/9']); // ['10.128.0.0/9', 'fd80::/9']
 * ```
 */
export function subtractCidrTexts(texts: readonly string[], remove: readonly string[], place?: ErrorPlace): string[] {
  const a = parseTexts(texts, '', place);
  const b = parseTexts(remove, ' of the list to subtract', place);
  const sink = sinkOf();
  const tmp = new Uint32Array(2 * Math.max(a.n4, b.n4));
  subtract4(merge4(a, tmp), merge4(b, tmp), sink);
  emit6(subtract6(merge6(a), merge6(b)), sink);
  flush(sink);
  return sink.out;
}

/**
 * Merges a text of CIDRs, one per line, into the fewest blocks covering the same addresses, as canonical text,
 * one block per line: the text form of {@link mergeCidrTexts} (same engine, same strict parsing, same result),
 * for whole files and streams. Each line is scanned in place, with no string per entry or per block, which is
 * what makes it fast on millions of lines. Blank lines are skipped, and a line may end in CR LF; nothing else
 * is trimmed. IPv4 blocks come first, each family ascending; every block ends with a line break.
 *
 * @param text The CIDRs or addresses, one per line, e.g. `10.0.0.0/8\nfd00::/8\n192.0.2.1\n`.
 * @param place Where the text came from (e.g. its file), attached to the error with the line number.
 * @throws RenderInjectorError `E_CIDR` for the first bad line, naming it and its line number.
 *
 * @example
 * ```ts
 * import { mergeCidrLines } from 'render-injector';
 * mergeCidrLines('10.0.0.128/25\n10.0.0.0/25\r\n\nfd00::1\n'); // '10.0.0.0/24\nfd00::1/128\n'
 * mergeCidrLines('10.0.0.0/8\n10.0.0.256\n', { file: 'ranges.txt' }); // throws E_CIDR at ranges.txt:2
 * ```
 */
export function mergeCidrLines(text: string, place?: ErrorPlace): string {
  return mergeInto(parseLines(text, place), sinkOf(10)).out.join('');
}
