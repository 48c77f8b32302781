/**
 * A cheap first pass over a rendered stream, so that the post-renderer composes with the `yaml` package only the
 * documents that need it. It finds the document boundaries in the bytes, and proves of each document, line by
 * line, that it is in a small, plainly well-formed subset of YAML (block mappings and sequences, one-line plain
 * and quoted scalars, one-line flow collections, literal and folded block scalars, comments) and that it cannot
 * be an injector ConfigMap or a `List` of objects: its `kind` is written once, as a plain or quoted scalar that is
 * not `ConfigMap` and does not end in `List`, or it is a ConfigMap whose one `metadata.name` does not start with
 * `istio-sidecar-injector`, and it has no anchor, alias, tag or merge key. Everything else (a document outside
 * the subset, whether or not it is YAML) is composed as before, so the post-renderer accepts and refuses exactly
 * what full composition does: the subset accepts nothing that composition refuses (test/postrender-scan.test.ts
 * holds the two against each other).
 *
 * Boundaries are where the `yaml` lexer puts them: a line that starts with `---` followed by a space, a tab, a line
 * break or the end always starts a document, even inside a block or quoted scalar, except the first one when only
 * blank and comment lines come before it. A stream with a directive (`%`) or a document-end marker (`...`) at the
 * start of a line is left to composition whole: those change how the lines after them count.
 */
import { Buffer } from 'node:buffer';

/**
 * One document of a stream as the scanner found it.
 *
 * @example
 * ```ts
 * import { scanStream, type ScannedDocument } from '../lib/postrender/scan.js';
 * const [first]: ScannedDocument[] = scanStream(Buffer.from('kind: Service\n')) ?? []; // { start: 0, end: 14, line: 0, plain: true }
 * ```
 */
export interface ScannedDocument {
  /** Byte offset where its text starts: its `---` line, or 0 for the first. */
  start: number;
  /** Byte offset where it ends: the start of the next `---` line, or the end of the stream. */
  end: number;
  /** How many lines of the stream come before it. */
  line: number;
  /** Proven well-formed and not an injector ConfigMap (nor a List): it needs no composition. */
  plain: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SP = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DQ = 0x22;
const SQ = 0x27;
const BACKSLASH = 0x5c;

/** `yaml`'s idea of what may follow `---`, `...` or an indicator: a space, a tab, a line break, or the end. */
function blankAt(b: Uint8Array, i: number, end: number): boolean {
  if (i >= end) return true;
  const c = b[i]!;
  return c === SP || c === LF || c === CR || c === TAB;
}

/** Whether a `---` (`c` = `-`) or `...` (`c` = `.`) marker starts at `i`. */
function startsMarker(b: Uint8Array, i: number, c: number, end: number): boolean {
  return b[i] === c && b[i + 1] === c && b[i + 2] === c && blankAt(b, i + 3, end);
}

/** Whether the line text `[i, end)` is blank or a comment, as `yaml` reads a line between documents. */
function preludeLine(b: Uint8Array, i: number, end: number): boolean {
  while (i < end && (b[i] === SP || b[i] === TAB)) i++;
  return i >= end || b[i] === HASH;
}

/**
 * The documents of a stream, each proven plain or not; `undefined` when the stream has a directive or a
 * document-end marker, which the caller leaves to composition whole.
 *
 * @example
 * ```ts
 * import { scanStream } from '../lib/postrender/scan.js';
 * scanStream(Buffer.from('---\nkind: Service\n---\nkind: ConfigMap\nmetadata: {name: istio-sidecar-injector}\n'));
 * // [{ start: 0, end: 18, line: 0, plain: true }, { start: 18, end: 77, line: 2, plain: false }]
 * ```
 */
export function scanStream(bytes: Uint8Array): ScannedDocument[] | undefined {
  return new StreamScan(bytes).documents();
}

/** What a key is, for the few keys the injector finder reads. */
const enum Key {
  Other,
  Kind,
  Metadata,
  Name,
  /** A plain `<<`: a merge key, which lends keys from elsewhere. */
  Merge,
  /** A quoted key with an escape: the scanner does not decode it. */
  Opaque,
}

/** Whether `c` is one of YAML's indicators, which cannot start a plain scalar here (`-` is checked apart). */
function indicator(c: number): boolean {
  switch (c) {
    case 0x3f: // ?
    case COLON:
    case 0x2c: // ,
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case HASH:
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case SQ:
    case DQ:
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
    case SP:
    case TAB:
      return true;
    default:
      return false;
  }
}

/** Whether `c` is an ASCII letter or digit. */
function alnum(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));
}

/** Whether `c` is a hexadecimal digit. */
function hex(c: number | undefined): boolean {
  return alnum(c) && ((c! >= 0x30 && c! <= 0x39) || (c! | 0x20) <= 0x66);
}

/**
 * Whether `c` may appear in a one-line scalar of the subset: anything but a tab and a carriage return. (`yaml`
 * reads every other character in scalars and comments, controls and U+FEFF included, as text; the tests check
 * that it does.)
 */
function allowed(c: number): boolean {
  return c !== TAB && c !== CR;
}

/** The escapes a double-quoted scalar may hold in the subset (besides `\x`, `\u`): `\\ \" \/ \0 \a \b \e \f \n \r \t \v \N \_ \L \P` and `\ `. */
const ESCAPES = new Set([...'\\"/0abefnrtvN_LP '].map((c) => c.charCodeAt(0)));

/** Whether the bytes `[s, e)` are the ASCII text `word`. */
function bytesAre(b: Uint8Array, s: number, e: number, word: string): boolean {
  if (e - s !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (b[s + k] !== word.charCodeAt(k)) return false;
  return true;
}

/** Whether the bytes `[s, e)` start with the ASCII text `word`. */
function bytesStartWith(b: Uint8Array, s: number, e: number, word: string): boolean {
  return e - s >= word.length && bytesAre(b, s, s + word.length, word);
}

/** After a value: spaces, then the end of the line or a comment. */
function endsLine(b: Uint8Array, i: number, ce: number): boolean {
  const from = i;
  while (i < ce && b[i] === SP) i++;
  if (i === ce) return true;
  return b[i] === HASH && i > from;
}

/** Skips spaces. */
function spaces(b: Uint8Array, i: number, ce: number): number {
  while (i < ce && b[i] === SP) i++;
  return i;
}

/** The bytes a long plain scalar must not hold to run to the end of its line unread (see {@link StreamScan.nextOf}). */
const STOPS = [COLON, HASH, TAB, CR] as const;

/**
 * One scan of one stream. Everything it keeps between lines and documents (where the current line's scalar
 * text lies, the open collections, what the finder would read) is this object's own, so scans never share state.
 */
class StreamScan {
  private readonly b: Buffer;
  private readonly n: number;
  /** The same bytes, read four at a time by {@link lineEnd}. */
  private readonly view: DataView;
  /** Where line 1's text starts: after a byte-order mark, which `yaml` does not count as text. */
  private readonly first: number;
  /** How many lines of the stream come before the document being read. */
  private line = 0;
  /** For each of {@link STOPS}: where the last search for it started, and the offset it found (see {@link nextOf}). */
  private readonly searched = [-1, -1, -1, -1];
  private readonly found = [-1, -1, -1, -1];

  // Where the scalar read last has its text, and whether that text is its value as written (no escape, no `''`).
  private textStart = 0;
  private textEnd = 0;
  private textSimple = false;

  // The document being read, line by line.
  /** The open block collections, outermost first: their indentation, whether each is a sequence, how many. */
  private readonly indents: number[] = [];
  private readonly seqs: boolean[] = [];
  private depth = 0;
  /** A key or `-` whose value did not follow on its line: its column (-1: none), whether it is a map entry, its key. */
  private pendingCol = -1;
  private pendingMap = false;
  private pendingKey = Key.Other;
  /** A block scalar being read: the column of its key or `-`, its indentation once known (-1), the most spaces of a blank line before its first line. */
  private scalar = false;
  private scalarParent = 0;
  private scalarIndent = -1;
  private scalarLead = 0;
  // What the injector finder would read: is the root a map; is the collection at depth 2 the root's metadata;
  // how many times `kind`, `metadata` and `name` (in metadata) appear, and the text of the last kind and name.
  private rootMap = false;
  private metaLevel = false;
  private metaMap = false;
  private kinds = 0;
  private kindStart = -1;
  private kindEnd = -1;
  private metas = 0;
  private names = 0;
  private nameStart = -1;
  private nameEnd = -1;

  constructor(bytes: Uint8Array) {
    this.b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.n = bytes.byteLength;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.first = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  }

  /** The stream's documents (see {@link scanStream}). */
  documents(): ScannedDocument[] | undefined {
    const docs: ScannedDocument[] = [];
    let start = 0;
    do {
      const doc = this.document(start);
      if (doc === undefined) return undefined;
      // `yaml` blames a `}` or `]` that opens a document on the document before it: that one is composed too.
      if (docs.length > 0 && this.opensWithFlowEnd(start, doc.end)) docs[docs.length - 1]!.plain = false;
      docs.push(doc);
      start = doc.end;
    } while (start < this.n);
    return docs;
  }

  /** Whether the first thing after the `---` at `start`, past blanks and comments, is a `}` or a `]`. */
  private opensWithFlowEnd(start: number, end: number): boolean {
    const b = this.b;
    for (let i = start + 3; i < end; i++) {
      const c = b[i];
      if (c === HASH) i = this.lineEnd(i);
      else if (c !== SP && c !== TAB && c !== LF && c !== CR) return c === 0x7d || c === 0x5d;
    }
    return false;
  }

  /**
   * Reads the document that starts at `start` to the next document's `---` line or the end of the stream;
   * `undefined` at a directive or a document-end marker.
   */
  private document(start: number): ScannedDocument | undefined {
    const { b, n, first } = this;
    this.reset();
    let marker = false; // the document's own `---` line was seen
    let bare = false; // (document 1) a line before its `---` that is not blank or a comment
    let lines = 0;
    // A byte-order mark is no part of line 1 for `yaml`, but would be for the scan: document 1 is composed.
    let plain = !(start === 0 && first > 0);
    let i = start;
    while (i < n) {
      const le = this.lineEnd(i);
      const ce = le < n && le > i && b[le - 1] === CR ? le - 1 : le; // the end of its text, before `\r\n` or `\n`
      // Where documents start and end, as the `yaml` lexer sees them.
      const from = i === 0 ? first : i;
      const c0 = b[from];
      if (c0 === DASH && startsMarker(b, from, DASH, ce)) {
        if (i !== start && (start !== 0 || marker || bare)) break; // the next document's `---`
        marker = true; // this document's own
      } else if (c0 === 0x25 || (c0 === 0x2e && startsMarker(b, from, 0x2e, ce))) {
        return undefined; // a directive or a document-end marker
      } else if (start === 0 && !marker && !bare && !preludeLine(b, from, ce)) bare = true;
      if (le < n) lines++;
      if (plain) plain = this.readLine(i, ce);
      i = le + 1;
    }
    const doc = { start, end: Math.min(i, n), line: this.line, plain: plain && this.knownNotInjector() };
    this.line += lines;
    return doc;
  }

  /** The offset of the `\n` that ends the line holding `i`, or the end of the stream. */
  private lineEnd(i: number): number {
    const { b, n, view } = this;
    // Most lines are short: a loop finds their end sooner than a native search is called. It reads four bytes at
    // a time: they hold a `\n` when, XORed with four of them, they have a zero byte, and the lowest flag the
    // zero-byte test sets is the first such byte (a borrow only flags bytes above a real zero).
    for (const stop = Math.min(n - 3, i + 64); i < stop; i += 4) {
      const x = view.getInt32(i, true) ^ 0x0a0a0a0a;
      const zero = (x - 0x01010101) & ~x & 0x80808080;
      if (zero !== 0) return i + ((31 - Math.clz32(zero & -zero)) >> 3);
    }
    const nl = i < n ? b.indexOf(LF, i) : -1;
    return nl === -1 ? n : nl;
  }

  /** Forgets the document read last. */
  private reset(): void {
    this.depth = 0;
    this.pendingCol = -1;
    this.scalar = false;
    this.rootMap = this.metaLevel = this.metaMap = false;
    this.kinds = this.metas = this.names = 0;
    this.kindStart = this.kindEnd = this.nameStart = this.nameEnd = -1;
  }

  /** Opens a block collection at indentation `ind`. */
  private open(ind: number, seq: boolean): void {
    this.indents[this.depth] = ind;
    this.seqs[this.depth] = seq;
    this.depth++;
  }

  /** Reads the line `[ls, ce)` into the document's state; false when the document is not plain. */
  private readLine(ls: number, ce: number): boolean {
    const b = this.b;
    let p = ls;
    while (p < ce && b[p] === SP) p++;
    const ind = p - ls;

    // Inside a block scalar, any line at least as indented as its text, or blank, is text.
    if (this.scalar) {
      if (this.scalarIndent < 0) {
        if (p === ce) {
          if (ind > this.scalarLead) this.scalarLead = ind;
          return true;
        }
        if (ind > this.scalarParent && b[p] !== TAB) {
          this.scalarIndent = ind;
          return this.scalarLead <= ind;
        }
      } else if (ind >= this.scalarIndent || p === ce) return true;
      this.scalar = false;
    }
    if (p === ce) return true; // a blank line
    const c = b[p]!;
    if (c === TAB) return false;
    if (c === HASH) return true; // a comment line
    if (ind === 0 && startsMarker(b, p, DASH, ce)) return endsLine(b, p + 3, ce); // its own `---` line
    const isEntry = c === DASH && blankAt(b, p + 1, ce);

    // Where this line belongs: a collection opened for a pending value, or one already open.
    if (this.pendingCol >= 0) {
      if (ind > this.pendingCol || (ind === this.pendingCol && this.pendingMap && isEntry)) {
        this.open(ind, isEntry);
        if (this.depth === 2 && this.pendingKey === Key.Metadata) {
          this.metaLevel = true;
          this.metaMap = !isEntry;
        }
      }
      this.pendingCol = -1;
    }
    const indents = this.indents;
    while (this.depth > 0 && ind < indents[this.depth - 1]!) this.depth--;
    // A sequence written at its key's column ends where the next key of that map starts.
    if (this.depth >= 2 && this.seqs[this.depth - 1] && !isEntry && indents[this.depth - 2] === ind) this.depth--;
    if (this.depth < 2) this.metaLevel = false;
    if (this.depth === 0) {
      if (ind !== 0) return false;
      this.open(0, isEntry);
      this.rootMap = !isEntry;
    }
    if (ind !== indents[this.depth - 1]) return false;

    // The entry: `- value`, `- key: value` or `key: value`.
    let col = ind; // the column of the entry's key or `-`
    let at = p; // where its key or value starts
    let mapEntry = !this.seqs[this.depth - 1];
    // The scalar after a `-`, read once: the key of a map that starts on the entry's line, or the entry's value.
    let read = -2; // where it ends (-1: not a scalar of the subset; -2: not read)
    if (!mapEntry) {
      if (!isEntry) return false;
      at = spaces(b, p + 1, ce);
      if (at === ce || b[at] === HASH) return this.pending(col, false, Key.Other) && endsLine(b, p + 1, ce);
      const v = b[at];
      if (v === DQ || v === SQ) read = this.readQuoted(at, ce);
      else if (v !== 0x5b && v !== 0x7b && v !== 0x7c && v !== 0x3e) read = this.readPlain(at, ce);
      // `- key: value`: a map that starts on the entry's line, at the key's column
      if (read >= 0 && b[read] === COLON && blankAt(b, read + 1, ce)) {
        col = at - ls;
        this.open(col, false);
        mapEntry = true;
      }
    }
    // The key the finder reads that this entry is (`kind` and `metadata` of the root, `name` of its
    // metadata), or Other.
    let key = Key.Other;
    if (mapEntry) {
      const afterKey = this.keyEnd(at, read === -2 ? this.readScalar(at, ce) : read, ce);
      read = -2;
      if (afterKey < 0) return false;
      const reads = this.depth === 1 ? this.rootMap : this.depth === 2 && this.metaLevel;
      const found = reads || b[this.textStart] === 0x3c ? this.keyKind(at) : Key.Other;
      if (found === Key.Merge || (reads && found === Key.Opaque)) return false;
      if (reads && (this.depth === 1 ? found === Key.Kind || found === Key.Metadata : found === Key.Name)) key = found;
      if (key === Key.Kind) this.kinds++;
      else if (key === Key.Metadata) this.metas++;
      else if (key === Key.Name) this.names++;
      at = spaces(b, afterKey, ce);
      if (at === afterKey && at < ce) return false; // a tab after the `:`
      if (at === ce || b[at] === HASH) return this.pending(col, true, key) && endsLine(b, afterKey, ce);
    }

    // An inline value at `at`.
    const v = b[at]!;
    let after = read;
    let text = false;
    if (after !== -2) text = after >= 0; // the scalar after `-`, read above
    else if (v === 0x7c || v === 0x3e) {
      // `|` or `>`, a chomping indicator, no indentation indicator, then the end of the line or a comment;
      // kind, metadata or name as a block scalar are left to composition
      let h = at + 1;
      if (b[h] === DASH || b[h] === 0x2b) h++;
      this.scalar = true;
      this.scalarParent = col;
      this.scalarIndent = -1;
      this.scalarLead = 0;
      return key === Key.Other && (h === ce || (b[h] === SP && endsLine(b, h, ce)));
    } else if (v === 0x5b || v === 0x7b) after = this.readFlow(at, ce, 0);
    else if (v === DQ || v === SQ) {
      after = this.readQuoted(at, ce);
      text = after > 0;
    } else {
      after = this.readPlain(at, ce);
      if (after >= 0 && after < ce && b[after] === COLON) return false; // `key: a: b`
      text = after >= 0;
    }
    if (after < 0 || !endsLine(b, after, ce)) return false;
    if (key === Key.Kind || key === Key.Name) {
      if (!text || !this.textSimple) return false;
      if (key === Key.Kind) [this.kindStart, this.kindEnd] = [this.textStart, this.textEnd];
      else [this.nameStart, this.nameEnd] = [this.textStart, this.textEnd];
    } else if (key === Key.Metadata) this.metaMap = false;
    return true;
  }

  /** Notes a key or `-` at column `col` whose value comes on the lines after it; true. */
  private pending(col: number, map: boolean, key: Key): true {
    this.pendingCol = col;
    this.pendingMap = map;
    this.pendingKey = key;
    return true;
  }

  /** The verdict on what the finder would read: not an injector ConfigMap, not a List (see {@link ScannedDocument}). */
  private knownNotInjector(): boolean {
    const b = this.b;
    if (!this.rootMap || this.kinds === 0) return true;
    if (this.kinds > 1 || this.kindStart < 0) return false;
    const [kindStart, kindEnd] = [this.kindStart, this.kindEnd];
    if (kindEnd - kindStart >= 4 && bytesAre(b, kindEnd - 4, kindEnd, 'List')) return false;
    if (!bytesAre(b, kindStart, kindEnd, 'ConfigMap') || this.metas === 0) return true;
    if (this.metas > 1 || !this.metaMap || this.names > 1) return false;
    return this.names === 0 || (this.nameStart >= 0 && !bytesStartWith(b, this.nameStart, this.nameEnd, 'istio-sidecar-injector'));
  }

  /**
   * The first offset at or after `p` that holds `STOPS[k]`, or the end of the stream. A native search runs only
   * when `p` lies outside the stretch the last search for that byte covered, so the stream, read forward, is
   * searched about once per byte.
   */
  private nextOf(k: 0 | 1 | 2 | 3, p: number): number {
    let at = this.found[k]!;
    if (p < this.searched[k]! || p > at) {
      at = this.b.indexOf(STOPS[k], p);
      this.searched[k] = p;
      this.found[k] = at = at === -1 ? this.n : at;
    }
    return at;
  }

  /**
   * Reads a one-line quoted scalar at `p` (on `"` or `'`) ending before `ce`; returns the offset after its closing
   * quote, or -1. Sets the text (without the quotes; simple when it holds no escape and no `''`).
   */
  private readQuoted(p: number, ce: number): number {
    const b = this.b;
    const q = b[p];
    let simple = true;
    let i = p + 1;
    for (; i < ce; i++) {
      const c = b[i]!;
      if (c > BACKSLASH) continue; // most letters
      if (c === q) {
        if (q === SQ && b[i + 1] === SQ && i + 1 < ce) {
          simple = false;
          i++;
          continue;
        }
        this.textStart = p + 1;
        this.textEnd = i;
        this.textSimple = simple;
        return i + 1;
      }
      if (c === BACKSLASH && q === DQ) {
        simple = false;
        const e = b[i + 1];
        if (e === 0x78 /* x */ || e === 0x75 /* u */) {
          const digits = e === 0x78 ? 2 : 4;
          for (let k = 0; k < digits; k++) if (i + 2 + k >= ce || !hex(b[i + 2 + k])) return -1;
          i += 1 + digits;
        } else if (i + 1 < ce && ESCAPES.has(e!)) {
          i++;
        } else return -1;
        continue;
      }
      if (!allowed(c)) return -1;
    }
    return -1; // not closed on this line
  }

  /**
   * Reads a one-line plain scalar at `p` in block context: up to a `: `, a ` #` or the end of the line. Returns the
   * offset where it stops (on the `:`, the space before `#`, or `ce`), or -1 when it does not start as a plain
   * scalar or holds a byte the subset refuses. Sets the text (trailing spaces trimmed).
   */
  private readPlain(p: number, ce: number): number {
    const b = this.b;
    const c = b[p]!;
    if (c === DASH ? !(alnum(b[p + 1]) || b[p + 1] === 0x2e || b[p + 1] === DASH) : indicator(c)) return -1;
    let last = p;
    let i = p;
    // A long one (a certificate, a base64 blob) that holds no `:`, `#`, tab or carriage return runs to the end of
    // the line: the native searches behind nextOf tell without a loop here.
    if (ce - p > 128 && this.nextOf(0, p) >= ce && this.nextOf(1, p) >= ce && this.nextOf(2, p) >= ce && this.nextOf(3, p) >= ce) {
      for (last = ce - 1; b[last] === SP; ) last--;
      i = ce;
    }
    for (; i < ce; i++) {
      const d = b[i]!;
      if (d > COLON) last = i; // letters, and most punctuation
      else if (d === COLON) {
        if (blankAt(b, i + 1, ce)) break;
        last = i;
      } else if (d === SP) {
        if (b[i + 1] === HASH) break;
      } else if (allowed(d)) last = i;
      else return -1;
    }
    this.textStart = p;
    this.textEnd = last + 1;
    this.textSimple = true;
    return i;
  }

  /** Reads a quoted or plain scalar at `p` (see {@link readQuoted}, {@link readPlain}). */
  private readScalar(p: number, ce: number): number {
    const c = this.b[p];
    return c === DQ || c === SQ ? this.readQuoted(p, ce) : this.readPlain(p, ce);
  }

  /**
   * Where an implicit key that starts at `p` and was read up to `after` ends: a quoted scalar, or a plain one (not
   * starting with `-`, no flow indicators, no space before the `:`), at most 1,000 bytes, then `:` and a blank.
   * Returns the offset after the `:`, or -1.
   */
  private keyEnd(p: number, after: number, ce: number): number {
    const b = this.b;
    const c = b[p];
    if (after < 0) return -1;
    if (c !== DQ && c !== SQ) {
      if (c === DASH || this.textEnd !== after) return -1; // a space before the `:`, or no `:`
      for (let k = p; k < after; k++) {
        const d = b[k]!;
        if (d === 0x2c || d === 0x5b || d === 0x5d || d === 0x7b || d === 0x7d) return -1;
      }
    }
    if (after - p > 1000 || b[after] !== COLON || !blankAt(b, after + 1, ce) || after >= ce) return -1;
    return after + 1;
  }

  /** What the key just read at `p` is. */
  private keyKind(p: number): Key {
    const b = this.b;
    const [s, e] = [this.textStart, this.textEnd];
    if (!this.textSimple) return Key.Opaque;
    if (b[p] !== DQ && b[p] !== SQ && bytesAre(b, s, e, '<<')) return Key.Merge;
    if (bytesAre(b, s, e, 'kind')) return Key.Kind;
    if (bytesAre(b, s, e, 'metadata')) return Key.Metadata;
    if (bytesAre(b, s, e, 'name')) return Key.Name;
    return Key.Other;
  }

  /**
   * Reads a one-line flow collection at `p` (on `[` or `{`): scalars and nested collections, `key: value` pairs
   * in maps, no trailing comma. Returns the offset after its closing bracket, or -1.
   */
  private readFlow(p: number, ce: number, depth: number): number {
    const b = this.b;
    if (depth > 32) return -1;
    const map = b[p] === 0x7b;
    const close = map ? 0x7d : 0x5d;
    let i = spaces(b, p + 1, ce);
    if (b[i] === close && i < ce) return i + 1;
    for (;;) {
      if (map) {
        i = this.readFlowNode(i, ce, depth, true);
        if (i < 0 || b[i] !== COLON || b[i - 1] === SP || b[i + 1] !== SP) return -1;
        i = this.readFlowNode(spaces(b, i + 1, ce), ce, depth, false);
      } else {
        i = this.readFlowNode(i, ce, depth, false);
      }
      if (i < 0) return -1;
      i = spaces(b, i, ce);
      if (i >= ce) return -1;
      if (b[i] === close) return i + 1;
      if (b[i] !== 0x2c) return -1;
      i = spaces(b, i + 1, ce);
      if (i >= ce || b[i] === close) return -1;
    }
  }

  /** One entry of a flow collection: a quoted or plain scalar, or (not as a key) a nested collection. */
  private readFlowNode(p: number, ce: number, depth: number, key: boolean): number {
    const b = this.b;
    if (p >= ce) return -1;
    const c = b[p]!;
    if (c === 0x5b || c === 0x7b) return key ? -1 : this.readFlow(p, ce, depth + 1);
    if (c === DQ || c === SQ) return this.readQuoted(p, ce);
    if (c === DASH ? !(alnum(b[p + 1]) || b[p + 1] === 0x2e) : indicator(c)) return -1;
    let i = p;
    for (; i < ce; i++) {
      const d = b[i]!;
      if (d === 0x2c || d === 0x5d || d === 0x7d || d === COLON) break;
      if (d === HASH || d === 0x5b || d === 0x7b || !allowed(d)) return -1;
    }
    if (key && i - p === 2 && b[p] === 0x3c && b[p + 1] === 0x3c) return -1; // `<<`: a merge key
    return i;
  }
}
