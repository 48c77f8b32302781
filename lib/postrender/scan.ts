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

/** Whether the line break starts at `i`: `\n`, `\r\n`, or the end. */
function eolAt(b: Uint8Array, i: number, end: number): boolean {
  return i >= end || b[i] === LF || (b[i] === CR && i + 1 < end && b[i + 1] === LF);
}

/** Whether a `---` (`c` = `-`) or `...` (`c` = `.`) marker starts at `i`. */
function startsMarker(b: Uint8Array, i: number, c: number, end: number): boolean {
  return b[i] === c && b[i + 1] === c && b[i + 2] === c && blankAt(b, i + 3, end);
}

/** The end of the line that holds `i` (the offset of its `\n`, or `end`). */
function lineEndFrom(b: Buffer, i: number, end: number): number {
  const nl = b.indexOf(LF, i);
  return nl === -1 || nl > end ? end : nl;
}

/** Whether the line starting at `i` is blank or a comment, as `yaml` reads a line between documents. */
function preludeLine(b: Uint8Array, i: number, end: number): boolean {
  while (i < end && (b[i] === SP || b[i] === TAB)) i++;
  return eolAt(b, i, end) || b[i] === HASH;
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
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = b.length;
  const first = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0; // a byte-order mark
  if (b[first] === 0x25 || b.indexOf('\n%') !== -1) return undefined;
  if (startsMarker(b, first, 0x2e, n)) return undefined;
  for (let at = b.indexOf('\n...'); at !== -1; at = b.indexOf('\n...', at + 1)) {
    if (blankAt(b, at + 4, n)) return undefined;
  }
  const markers: number[] = [];
  if (startsMarker(b, first, DASH, n)) markers.push(0);
  for (let at = b.indexOf('\n---'); at !== -1; at = b.indexOf('\n---', at + 4)) {
    if (blankAt(b, at + 4, n)) markers.push(at + 1);
  }
  // The first `---` opens document 1 when only blank and comment lines come before it; otherwise they are
  // document 1, a bare one.
  let starts = markers;
  if (markers[0] !== 0) {
    let bare = false;
    const firstMarker = markers[0] ?? n;
    for (let i = first; i < firstMarker && !bare; i = lineEndFrom(b, i, n) + 1) bare = !preludeLine(b, i, n);
    starts = bare ? [0, ...markers] : [0, ...markers.slice(1)];
  }
  const docs: ScannedDocument[] = [];
  let line = 0;
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k]!;
    const end = k + 1 < starts.length ? starts[k + 1]! : n;
    const lines = plainDocumentLines(b, start, end);
    docs.push({ start, end, line, plain: lines >= 0 });
    line += lines >= 0 ? lines : countLines(b, start, end);
  }
  return docs;
}

/** The number of `\n` in `[start, end)`. */
function countLines(b: Buffer, start: number, end: number): number {
  let lines = 0;
  for (let i = b.indexOf(LF, start); i !== -1 && i < end; i = b.indexOf(LF, i + 1)) lines++;
  return lines;
}

// ---- The classifier: one document, line by line ----

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

/** Where the last scalar read by {@link readScalar} has its text, and whether that text is its value as written. */
let textStart = 0;
let textEnd = 0;
let textSimple = false;

/** Whether `b[i]` may appear in a scalar or comment here; a non-ASCII byte starts a character not on the deny list. */
function allowedByte(b: Uint8Array, i: number, end: number, tab: boolean): boolean {
  const c = b[i]!;
  if (c >= SP && c < 0x7f) return true;
  if (c === TAB) return tab;
  if (c < 0x80) return false; // other C0 controls, DEL
  // C1 controls (U+0080–U+009F, NEL among them), U+2028/U+2029, the byte-order mark U+FEFF, U+FFFE/U+FFFF:
  // YAML 1.1 reads some as line breaks, and none belongs in a manifest.
  const c1 = i + 1 < end ? b[i + 1]! : 0;
  const c2 = i + 2 < end ? b[i + 2]! : 0;
  if (c === 0xc2) return c1 >= 0xa0;
  if (c === 0xe2) return !(c1 === 0x80 && (c2 === 0xa8 || c2 === 0xa9));
  if (c === 0xef) return !(c1 === 0xbb && c2 === 0xbf) && !(c1 === 0xbf && (c2 === 0xbe || c2 === 0xbf));
  return true;
}

/** Whether every byte of `[i, end)` is allowed (see {@link allowedByte}). */
function allowedText(b: Uint8Array, i: number, end: number, tab: boolean): boolean {
  for (; i < end; i++) if (!allowedByte(b, i, end, tab)) return false;
  return true;
}

/** Whether `b[i]` is one of YAML's indicators, which cannot start a plain scalar here (`-` is checked apart). */
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

/** The escapes a double-quoted scalar may hold in the subset (besides `\x`, `\u`): `\\ \" \/ \0 \a \b \e \f \n \r \t \v \N \_ \L \P` and `\ `. */
const ESCAPES = new Set([...'\\"/0abefnrtvN_LP '].map((c) => c.charCodeAt(0)));

/**
 * Reads a one-line quoted scalar at `p` (on `"` or `'`) ending before `ce`; returns the offset after its closing
 * quote, or -1. Sets the text registers (without the quotes; simple when it holds no escape and no `''`).
 */
function readQuoted(b: Uint8Array, p: number, ce: number): number {
  const q = b[p];
  let simple = true;
  let i = p + 1;
  for (; i < ce; i++) {
    const c = b[i]!;
    if (c === q) {
      if (q === SQ && b[i + 1] === SQ && i + 1 < ce) {
        simple = false;
        i++;
        continue;
      }
      textStart = p + 1;
      textEnd = i;
      textSimple = simple;
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
    if (!allowedByte(b, i, ce, false)) return -1;
  }
  return -1; // not closed on this line
}

/**
 * Reads a one-line plain scalar at `p` in block context: up to a `: `, a ` #` or the end of the line. Returns the
 * offset where it stops (on the `:`, the space before `#`, or `ce`), or -1 when it does not start as a plain
 * scalar or holds a byte the subset refuses. Sets the text registers (trailing spaces trimmed).
 */
function readPlain(b: Uint8Array, p: number, ce: number): number {
  const c = b[p]!;
  if (c === DASH ? !(alnum(b[p + 1]) || b[p + 1] === 0x2e || b[p + 1] === DASH) : indicator(c)) return -1;
  let last = p;
  let i = p;
  for (; i < ce; i++) {
    const d = b[i]!;
    if (d === COLON && blankAt(b, i + 1, ce)) break;
    if (d === SP) {
      if (b[i + 1] === HASH) break;
      continue;
    }
    if (!allowedByte(b, i, ce, false)) return -1;
    last = i;
  }
  textStart = p;
  textEnd = last + 1;
  textSimple = true;
  return i;
}

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
  return b[i] === HASH && i > from && allowedText(b, i + 1, ce, false);
}

/** Skips spaces. */
function spaces(b: Uint8Array, i: number, ce: number): number {
  while (i < ce && b[i] === SP) i++;
  return i;
}

/**
 * Reads a one-line flow collection at `p` (on `[` or `{`): scalars and nested collections, `key: value` pairs
 * in maps, no trailing comma. Returns the offset after its closing bracket, or -1.
 */
function readFlow(b: Uint8Array, p: number, ce: number, depth: number): number {
  if (depth > 32) return -1;
  const map = b[p] === 0x7b;
  const close = map ? 0x7d : 0x5d;
  let i = spaces(b, p + 1, ce);
  if (b[i] === close && i < ce) return i + 1;
  for (;;) {
    if (map) {
      i = readFlowNode(b, i, ce, depth, true);
      if (i < 0 || b[i] !== COLON || b[i - 1] === SP || b[i + 1] !== SP) return -1;
      i = readFlowNode(b, spaces(b, i + 1, ce), ce, depth, false);
    } else {
      i = readFlowNode(b, i, ce, depth, false);
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
function readFlowNode(b: Uint8Array, p: number, ce: number, depth: number, key: boolean): number {
  if (p >= ce) return -1;
  const c = b[p]!;
  if (c === 0x5b || c === 0x7b) return key ? -1 : readFlow(b, p, ce, depth + 1);
  if (c === DQ || c === SQ) return readQuoted(b, p, ce);
  if (c === DASH ? !(alnum(b[p + 1]) || b[p + 1] === 0x2e) : indicator(c)) return -1;
  let i = p;
  for (; i < ce; i++) {
    const d = b[i]!;
    if (d === 0x2c || d === 0x5d || d === 0x7d || d === COLON) break;
    if (d === HASH || d === 0x5b || d === 0x7b || !allowedByte(b, i, ce, false)) return -1;
  }
  if (key && i - p === 2 && b[p] === 0x3c && b[p + 1] === 0x3c) return -1; // `<<`: a merge key
  return i;
}

/**
 * The number of line breaks in the document `[start, end)` when it is plain (see {@link ScannedDocument}), or -1.
 */
export function plainDocumentLines(b: Buffer, start: number, end: number): number {
  // The open block collections, outermost first: their indentation and whether each is a sequence.
  const indents: number[] = [];
  const seqs: boolean[] = [];
  let started = false; // a content line was seen
  let marker = false; // the `---` line was seen
  // A key or `-` whose value did not follow on its line: its column (-1: none), whether it is a map entry, its key.
  let pendingCol = -1;
  let pendingMap = false;
  let pendingKey = Key.Other;
  // A block scalar being read: the column of its key or `-`, its indentation once known (-1), the most spaces of
  // a blank line before its first line.
  let scalar = false;
  let scalarParent = 0;
  let scalarIndent = -1;
  let scalarLead = 0;
  // What the injector finder would read.
  let rootMap = false;
  let metaLevel = false; // the collection at depth 2 is the value of the root's metadata
  let kinds = 0;
  let kindStart = -1;
  let kindEnd = -1;
  let metas = 0;
  let metaMap = false;
  let names = 0;
  let nameStart = -1;
  let nameEnd = -1;
  let lines = 0;

  for (let i = start; i < end; ) {
    const le = lineEndFrom(b, i, end);
    const ce = le < end && le > i && b[le - 1] === CR ? le - 1 : le;
    const next = le + 1;
    if (le < end) lines++;
    let p = i;
    while (p < ce && b[p] === SP) p++;
    const ind = p - i;

    if (scalar) {
      if (scalarIndent < 0) {
        if (p === ce) {
          if (ind > scalarLead) scalarLead = ind;
          i = next;
          continue;
        }
        if (ind > scalarParent && b[p] !== TAB) {
          if (scalarLead > ind || !allowedText(b, p, ce, true)) return -1;
          scalarIndent = ind;
          i = next;
          continue;
        }
      } else if (ind >= scalarIndent || p === ce) {
        if (!allowedText(b, p, ce, true)) return -1;
        i = next;
        continue;
      }
      scalar = false;
    }

    if (p === ce) {
      i = next;
      continue; // a blank line
    }
    const c = b[p]!;
    if (c === TAB) return -1;
    if (c === HASH) {
      if (!allowedText(b, p + 1, ce, false)) return -1;
      i = next;
      continue; // a comment line
    }
    if (ind === 0 && startsMarker(b, p, DASH, ce)) {
      if (started || marker || !endsLine(b, p + 3, ce)) return -1;
      marker = true;
      i = next;
      continue;
    }
    started = true;
    const isEntry = c === DASH && blankAt(b, p + 1, ce);

    // Where this line belongs: a collection opened for a pending value, or one already open.
    if (pendingCol >= 0) {
      if (ind > pendingCol || (ind === pendingCol && pendingMap && isEntry)) {
        indents.push(ind);
        seqs.push(isEntry);
        if (indents.length === 2 && pendingKey === Key.Metadata) {
          metaLevel = true;
          metaMap = !isEntry;
        }
      }
      pendingCol = -1;
    }
    while (indents.length > 0 && ind < indents[indents.length - 1]!) indents.pop(), seqs.pop();
    // A sequence written at its key's column ends where the next key of that map starts.
    if (indents.length >= 2 && seqs[seqs.length - 1] && !isEntry && indents[indents.length - 2] === ind) indents.pop(), seqs.pop();
    if (indents.length < 2) metaLevel = false;
    if (indents.length === 0) {
      if (ind !== 0) return -1;
      indents.push(0);
      seqs.push(isEntry);
      rootMap = !isEntry;
    }
    if (ind !== indents[indents.length - 1]) return -1;

    // The entry: `- value`, `- key: value` or `key: value`.
    let col = ind; // the column of the entry's key or `-`
    let at = p; // where its key or value starts
    let mapEntry = !seqs[seqs.length - 1];
    if (!mapEntry) {
      if (!isEntry) return -1;
      at = spaces(b, p + 1, ce);
      if (at === ce || b[at] === HASH) {
        if (!endsLine(b, p + 1, ce)) return -1;
        pendingCol = col;
        pendingMap = false;
        pendingKey = Key.Other;
        i = next;
        continue;
      }
      // `- key: value`: a map that starts on the entry's line, at the key's column
      if (isCompactKey(b, at, ce)) {
        col = at - i;
        indents.push(col);
        seqs.push(false);
        mapEntry = true;
      }
    }
    // The key the finder reads that this entry is (`kind` and `metadata` of the root, `name` of its metadata),
    // or Other.
    let key = Key.Other;
    if (mapEntry) {
      const afterKey = readKey(b, at, ce);
      if (afterKey < 0) return -1;
      const found = keyKind(b, at);
      if (found === Key.Merge) return -1;
      const read = indents.length === 1 ? rootMap : indents.length === 2 && metaLevel;
      if (read && found === Key.Opaque) return -1;
      if (read && (indents.length === 1 ? found === Key.Kind || found === Key.Metadata : found === Key.Name)) key = found;
      if (key === Key.Kind) kinds++;
      else if (key === Key.Metadata) metas++;
      else if (key === Key.Name) names++;
      at = spaces(b, afterKey, ce);
      if (at === afterKey && at < ce) return -1; // a tab after the `:`
      if (at === ce || b[at] === HASH) {
        if (!endsLine(b, afterKey, ce)) return -1;
        pendingCol = col;
        pendingMap = true;
        pendingKey = key;
        i = next;
        continue;
      }
    }

    // An inline value at `at`.
    const v = b[at]!;
    if (v === 0x7c || v === 0x3e) {
      // `|` or `>`, a chomping indicator, no indentation indicator, then the end of the line or a comment
      let h = at + 1;
      if (b[h] === DASH || b[h] === 0x2b) h++;
      // kind, metadata or name as a block scalar: left to composition
      if (key !== Key.Other || !(h === ce || (b[h] === SP && endsLine(b, h, ce)))) return -1;
      scalar = true;
      scalarParent = col;
      scalarIndent = -1;
      scalarLead = 0;
      i = next;
      continue;
    }
    let after: number;
    let text = false;
    if (v === 0x5b || v === 0x7b) after = readFlow(b, at, ce, 0);
    else if (v === DQ || v === SQ) {
      after = readQuoted(b, at, ce);
      text = after > 0;
    } else {
      after = readPlain(b, at, ce);
      if (after >= 0 && after < ce && b[after] === COLON) return -1; // `key: a: b` or `- a: b: c`
      text = after >= 0;
    }
    if (after < 0 || !endsLine(b, after, ce)) return -1;
    if (key === Key.Kind || key === Key.Name) {
      if (!text || !textSimple) return -1;
      if (key === Key.Kind) [kindStart, kindEnd] = [textStart, textEnd];
      else [nameStart, nameEnd] = [textStart, textEnd];
    } else if (key === Key.Metadata) {
      metaMap = false;
    }
    i = next;
  }

  if (!rootMap || kinds === 0) return lines;
  if (kinds > 1 || kindStart < 0) return -1;
  if (kindEnd - kindStart >= 4 && bytesAre(b, kindEnd - 4, kindEnd, 'List')) return -1;
  if (!bytesAre(b, kindStart, kindEnd, 'ConfigMap') || metas === 0) return lines;
  if (metas > 1 || !metaMap || names > 1) return -1;
  if (names === 1 && (nameStart < 0 || bytesStartWith(b, nameStart, nameEnd, 'istio-sidecar-injector'))) return -1;
  return lines;
}

/** Whether a `- ` entry's content at `p` is a `key: value` (a quoted or plain scalar followed by `:` and a blank). */
function isCompactKey(b: Uint8Array, p: number, ce: number): boolean {
  const c = b[p];
  if (c === DQ || c === SQ) {
    const after = readQuoted(b, p, ce);
    return after > 0 && b[after] === COLON && blankAt(b, after + 1, ce);
  }
  const after = readPlain(b, p, ce);
  return after >= 0 && after < ce && b[after] === COLON;
}

/**
 * Reads an implicit key at `p`: a quoted scalar or a plain one (no flow indicators, no space before the `:`, at
 * most 1,000 bytes), then `:` and a blank. Returns the offset after the `:`, or -1. Sets the text registers.
 */
function readKey(b: Uint8Array, p: number, ce: number): number {
  const c = b[p];
  let after: number;
  if (c === DQ || c === SQ) after = readQuoted(b, p, ce);
  else {
    if (c === DASH) return -1;
    after = readPlain(b, p, ce);
    if (after < 0 || textEnd !== after) return -1; // a space before the `:`, or no `:`
    for (let k = p; k < after; k++) {
      const d = b[k];
      if (d === 0x2c || d === 0x5b || d === 0x5d || d === 0x7b || d === 0x7d) return -1;
    }
  }
  if (after < 0 || after - p > 1000 || b[after] !== COLON || !blankAt(b, after + 1, ce) || after >= ce) return -1;
  return after + 1;
}

/** What the key just read by {@link readKey} at `p` is. */
function keyKind(b: Uint8Array, p: number): Key {
  if (!textSimple) return Key.Opaque;
  if (b[p] !== DQ && b[p] !== SQ && bytesAre(b, textStart, textEnd, '<<')) return Key.Merge;
  if (bytesAre(b, textStart, textEnd, 'kind')) return Key.Kind;
  if (bytesAre(b, textStart, textEnd, 'metadata')) return Key.Metadata;
  if (bytesAre(b, textStart, textEnd, 'name')) return Key.Name;
  return Key.Other;
}
