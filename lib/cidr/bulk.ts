/**
 * The bulk text API: large lists of CIDR text in, canonical text out, with no object per entry or per result
 * block. Each text is scanned by the same strict scanner as {@link parseCidr} straight into the engine's interval
 * lists (`interval.ts`), which the same per-family algebra as the object API sorts, merges or subtracts; each
 * result block is then written out as text directly. The results equal `mergeCidrs(...).map(formatCidr)` and
 * `subtractCidrs(...).map(formatCidr)` exactly.
 */
import type { ErrorPlace } from '../errors.js';
import { blocks4, merge4, subtract4 } from './algebra4.js';
import { blocks6, merge6, subtract6 } from './algebra6.js';
import { writeBlock4, writeBlock6 } from './format.js';
import { add4, add6, intervals, type BlockSink, type Spans } from './interval.js';
import { cidrError, newScan, packedFirst, packedPrefix, scanCidr, scanIPv4Fast, type Refusal, type Scan } from './parse.js';

/** Room for the longest block text (43 bytes) and its separator. */
const BLOCK_ROOM = 44;

/**
 * The result text being written: canonical blocks as ASCII, each followed by `sep` (a comma, or a line break for
 * {@link mergeCidrLines}), in `buf[0, at)`. Each full buffer is decoded once and, for a list, split into `out`, so
 * every result is a flat string made in one go rather than one small decode per block; for lines, the decoded
 * text goes into `out` whole. The buffer is one small array of the call's own, reused, rather than one as large as
 * the result.
 */
class TextSink implements BlockSink {
  readonly out: string[] = [];
  private readonly buf = new Uint8Array(1 << 16);
  private readonly decoder = new TextDecoder();
  private at = 0;

  constructor(private readonly sep: number) {}

  /** Moves the text written so far into `out`. Every byte is ASCII, so UTF-8 decoding gives one char per byte. */
  flush(): void {
    if (this.at === 0) return;
    if (this.sep === 10) this.out.push(this.decoder.decode(this.buf.subarray(0, this.at)));
    else for (const part of this.decoder.decode(this.buf.subarray(0, this.at - 1)).split(',')) this.out.push(part);
    this.at = 0;
  }

  /** Makes sure there is room for one more block, flushing when needed. */
  private room(): void {
    if (this.at + BLOCK_ROOM > this.buf.length) this.flush();
  }

  block4(first: number, prefix: number): void {
    this.room();
    const end = writeBlock4(this.buf, this.at, first, prefix);
    this.buf[end] = this.sep;
    this.at = end + 1;
  }

  block6(w: Uint32Array, i: number, prefix: number): void {
    this.room();
    const end = writeBlock6(this.buf, this.at, w, i, prefix);
    this.buf[end] = this.sep;
    this.at = end + 1;
  }

  /** Writes the canonical lists `s` as text, IPv4 first, and flushes; returns the text. */
  write(s: Spans): string[] {
    blocks4(s.v4, this);
    blocks6(s.v6, this);
    this.flush();
    return this.out;
  }
}

/** Empty interval lists, with IPv4 room for `count` entries; the IPv6 list grows as IPv6 entries come. */
const spansFor = (count: number): Spans => ({ v4: intervals(2, count), v6: intervals(8, 0) });

/**
 * Scans the entry `text[start, end)` into `s`: in place when the fast IPv4 scan takes it, otherwise by the full
 * scan (IPv6, or the reason for refusing it) of the entry cut out, through `scan`. Returns the reason, if refused.
 */
function scanEntry(s: Spans, scan: Scan, text: string, start: number, end: number): Refusal | undefined {
  const packed = scanIPv4Fast(text, start, end);
  if (packed >= 0) {
    add4(s.v4, packedFirst(packed), packedPrefix(packed));
    return undefined;
  }
  const refused = scanCidr(start === 0 && end === text.length ? text : text.slice(start, end), scan);
  if (!refused) add6(s.v6, scan, 2, scan[0]!);
  return refused;
}

/** Scans every text into interval lists; throws `E_CIDR` for the first bad entry, naming it and its index. */
function parseTexts(texts: readonly string[], which: string, place: ErrorPlace | undefined): Spans {
  const s = spansFor(texts.length);
  const scan = newScan();
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const refused = scanEntry(s, scan, text, 0, text.length);
    if (refused) throw cidrError(text, refused, place, ` (index ${i}${which})`);
  }
  return s;
}

/**
 * Scans a text of one entry per line into interval lists, each line in place (no string per line unless the fast
 * IPv4 scan declines it); blank lines are skipped and a line may end in CR LF. Throws `E_CIDR` for the first bad
 * line, naming it and its line number.
 */
function parseLines(text: string, place: ErrorPlace | undefined): Spans {
  // A line holds at least two characters with its line break, except perhaps the last.
  const s = spansFor((text.length >>> 1) + 1);
  const scan = newScan();
  const length = text.length;
  let line = 0;
  for (let start = 0; start < length; ) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = length;
    line++;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (end > start) {
      const refused = scanEntry(s, scan, text, start, end);
      if (refused) throw cidrError(text.slice(start, end), refused, { ...place, line }, '');
    }
    start = nl + 1;
  }
  return s;
}

/** Merges the blocks of `s` and writes them as text into `sink`; returns the text. */
function mergeInto(s: Spans, sink: TextSink): string[] {
  merge4(s.v4);
  merge6(s.v6);
  return sink.write(s);
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
  return mergeInto(parseTexts(texts, '', place), new TextSink(44));
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
  for (const s of [a, b]) {
    merge4(s.v4);
    merge6(s.v6);
  }
  return new TextSink(44).write({ v4: subtract4(a.v4, b.v4), v6: subtract6(a.v6, b.v6) });
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
  return mergeInto(parseLines(text, place), new TextSink(10)).join('');
}
