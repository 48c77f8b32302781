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

/** The end of the line that holds `i` (the offset of its `\n`, or `end`). */
function lineEndFrom(b: Buffer, i: number, end: number): number {
  const nl = b.indexOf(LF, i);
  return nl === -1 || nl > end ? end : nl;
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
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = b.length;
  const first = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0; // a byte-order mark
  const docs: ScannedDocument[] = [];
  let line = 0;
  let start = 0;
  do {
    const lines = scanDocument(b, start, n, first);
    if (lines === BAIL) return undefined;
    docs.push({ start, end: docEnd, line, plain: docPlain });
    line += lines;
    start = docEnd;
  } while (start < n);
  return docs;
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

/**
 * Whether `b[i]` may appear in a one-line scalar of the subset: anything but a tab and a carriage return. (`yaml`
 * reads every other character in scalars and comments, controls and U+FEFF included, as text; the tests check
 * that it does.)
 */
function allowedByte(b: Uint8Array, i: number): boolean {
  const c = b[i];
  return c !== TAB && c !== CR;
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
    if (!allowedByte(b, i)) return -1;
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
  if (ce - p > 128) {
    // A long one (a certificate, a base64 blob): when it holds no `:`, `#`, tab or carriage return, it runs to
    // the end of the line; native searches tell without a loop here.
    const rest = b.subarray(p, ce);
    if (rest.indexOf(COLON) === -1 && rest.indexOf(HASH) === -1 && rest.indexOf(TAB) === -1 && rest.indexOf(CR) === -1) {
      for (last = ce - 1; b[last] === SP; ) last--;
      i = ce;
    }
  }
  for (; i < ce; i++) {
    const d = b[i]!;
    if (d === COLON) {
      if (blankAt(b, i + 1, ce)) break;
    } else if (d === SP) {
      if (b[i + 1] === HASH) break;
      continue;
    } else if (!allowedByte(b, i)) return -1;
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
  return b[i] === HASH && i > from;
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
    if (d === HASH || d === 0x5b || d === 0x7b || !allowedByte(b, i)) return -1;
  }
  if (key && i - p === 2 && b[p] === 0x3c && b[p + 1] === 0x3c) return -1; // `<<`: a merge key
  return i;
}

/** Where the last document read by {@link scanDocument} ends, and whether it is plain. */
let docEnd = 0;
let docPlain = false;
/** {@link scanDocument}'s answer for a stream to compose whole. */
const BAIL = -1;

/**
 * Reads the document that starts at `start` (`first`: where line 1's text starts, after a byte-order mark) to the
 * next document's `---` line or the end of the stream, and returns how many line breaks it holds (setting
 * {@link docEnd} and {@link docPlain}), or {@link BAIL} at a directive or a document-end marker.
 */
function scanDocument(b: Buffer, start: number, n: number, first: number): number {
  // The open block collections, outermost first: their indentation and whether each is a sequence.
  const indents: number[] = [];
  const seqs: boolean[] = [];
  let marker = false; // the document's own `---` line was seen
  let bare = false; // (document 1) a line before its `---` that is not blank or a comment
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
  // A byte-order mark is no part of line 1 for `yaml`, but would be for the scan: document 1 is composed.
  let plain = !(start === 0 && first > 0);
  let ls = start; // the line being read: its start, and the end of its text (before `\r\n` or `\n`)
  let ce = start;
  let i = start;
  for (; i < n; ) {
    const le = lineEndFrom(b, i, n);
    ce = le < n && le > i && b[le - 1] === CR ? le - 1 : le;
    ls = i;
    // Where documents start and end, as the `yaml` lexer sees them.
    const from = i === 0 ? first : i;
    const c0 = b[from];
    if (c0 === DASH && startsMarker(b, from, DASH, ce)) {
      if (i !== start && (start !== 0 || marker || bare)) break; // the next document's `---`
      marker = true; // this document's own
    } else if (c0 === 0x25 || (c0 === 0x2e && startsMarker(b, from, 0x2e, ce))) {
      return BAIL; // a directive or a document-end marker
    } else if (start === 0 && !marker && !bare && !preludeLine(b, from, ce)) bare = true;
    if (le < n) lines++;
    i = le + 1;
    if (plain) plain = line();

  }
  docEnd = Math.min(i, n);
  docPlain = plain && knownNotInjector();
  return lines;

  /** Reads the line `[ls, ce)` into the state above; false when the document is not plain. */
  function line(): boolean {
    let p = ls;
    while (p < ce && b[p] === SP) p++;
    const ind = p - ls;

    // Inside a block scalar, any line at least as indented as its text, or blank, is text.
    if (scalar) {
      if (scalarIndent < 0) {
        if (p === ce) {
          if (ind > scalarLead) scalarLead = ind;
          return true;
        }
        if (ind > scalarParent && b[p] !== TAB) {
          scalarIndent = ind;
          return scalarLead <= ind;
        }
      } else if (ind >= scalarIndent || p === ce) return true;
      scalar = false;
    }
    if (p === ce) return true; // a blank line
    const c = b[p]!;
    if (c === TAB) return false;
    if (c === HASH) return true; // a comment line
    if (ind === 0 && startsMarker(b, p, DASH, ce)) return endsLine(b, p + 3, ce); // its own `---` line
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
      if (ind !== 0) return false;
      indents.push(0);
      seqs.push(isEntry);
      rootMap = !isEntry;
    }
    if (ind !== indents[indents.length - 1]) return false;

    // The entry: `- value`, `- key: value` or `key: value`.
    let col = ind; // the column of the entry's key or `-`
    let at = p; // where its key or value starts
    let mapEntry = !seqs[seqs.length - 1];
    if (!mapEntry) {
      if (!isEntry) return false;
      at = spaces(b, p + 1, ce);
      if (at === ce || b[at] === HASH) {
        pendingCol = col;
        pendingMap = false;
        pendingKey = Key.Other;
        return endsLine(b, p + 1, ce);
      }
      // `- key: value`: a map that starts on the entry's line, at the key's column
      if (isCompactKey(b, at, ce)) {
        col = at - ls;
        indents.push(col);
        seqs.push(false);
        mapEntry = true;
      }
    }
    // The key the finder reads that this entry is (`kind` and `metadata` of the root, `name` of its
    // metadata), or Other.
    let key = Key.Other;
    if (mapEntry) {
      const afterKey = readKey(b, at, ce);
      if (afterKey < 0) return false;
      const read = indents.length === 1 ? rootMap : indents.length === 2 && metaLevel;
      const found = read || b[textStart] === 0x3c ? keyKind(b, at) : Key.Other;
      if (found === Key.Merge || (read && found === Key.Opaque)) return false;
      if (read && (indents.length === 1 ? found === Key.Kind || found === Key.Metadata : found === Key.Name)) key = found;
      if (key === Key.Kind) kinds++;
      else if (key === Key.Metadata) metas++;
      else if (key === Key.Name) names++;
      at = spaces(b, afterKey, ce);
      if (at === afterKey && at < ce) return false; // a tab after the `:`
      if (at === ce || b[at] === HASH) {
        pendingCol = col;
        pendingMap = true;
        pendingKey = key;
        return endsLine(b, afterKey, ce);
      }
    }

    // An inline value at `at`.
    const v = b[at]!;
    if (v === 0x7c || v === 0x3e) {
      // `|` or `>`, a chomping indicator, no indentation indicator, then the end of the line or a comment;
      // kind, metadata or name as a block scalar are left to composition
      let h = at + 1;
      if (b[h] === DASH || b[h] === 0x2b) h++;
      scalar = true;
      scalarParent = col;
      scalarIndent = -1;
      scalarLead = 0;
      return key === Key.Other && (h === ce || (b[h] === SP && endsLine(b, h, ce)));
    }
    let after: number;
    let text = false;
    if (v === 0x5b || v === 0x7b) after = readFlow(b, at, ce, 0);
    else if (v === DQ || v === SQ) {
      after = readQuoted(b, at, ce);
      text = after > 0;
    } else {
      after = readPlain(b, at, ce);
      if (after >= 0 && after < ce && b[after] === COLON) return false; // `key: a: b` or `- a: b: c`
      text = after >= 0;
    }
    if (after < 0 || !endsLine(b, after, ce)) return false;
    if (key === Key.Kind || key === Key.Name) {
      if (!text || !textSimple) return false;
      if (key === Key.Kind) [kindStart, kindEnd] = [textStart, textEnd];
      else [nameStart, nameEnd] = [textStart, textEnd];
    } else if (key === Key.Metadata) metaMap = false;
    return true;
  }

  /** The verdict on what the finder would read: not an injector ConfigMap, not a List (see {@link ScannedDocument}). */
  function knownNotInjector(): boolean {
    if (!rootMap || kinds === 0) return true;
    if (kinds > 1 || kindStart < 0) return false;
    if (kindEnd - kindStart >= 4 && bytesAre(b, kindEnd - 4, kindEnd, 'List')) return false;
    if (!bytesAre(b, kindStart, kindEnd, 'ConfigMap') || metas === 0) return true;
    if (metas > 1 || !metaMap || names > 1) return false;
    return names === 0 || (nameStart >= 0 && !bytesStartWith(b, nameStart, nameEnd, 'istio-sidecar-injector'));
  }
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
