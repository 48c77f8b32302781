/**
 * A fast reader for the plain subset of YAML that large values files are written in: block maps and lists
 * indented with spaces, one-line plain or quoted scalars without escapes, one-line flow lists of such scalars,
 * `{}` and `[]`, and comments. It gives exactly what {@link parseValuesYaml} gives for such a file (values,
 * locations, duplicate-key warnings, refused keys) in time linear in the file, and declines (returns
 * `undefined`) anything else, so that the full YAML reader handles it: anchors, aliases, tags, merge keys,
 * block or multi-line scalars, escapes, flow maps, tabs, `---`, non-ASCII text, and every malformed file (the
 * full reader names its errors). The `yaml` package composes a 1.5 MB file of 80,000 keys in seconds; this
 * reads it in tens of milliseconds.
 */
import type { ErrorPlace, Warning } from '../errors.js';
import { assertSafeKey, isMap, joinPath, setOwn, UNSAFE_KEYS } from './paths.js';
import type { ParsedValues, Position } from './parse-yaml.js';

/** Deeper nesting than this is left to the full reader (values nest a few dozen levels at most). */
const MAX_DEPTH = 100;
/** YAML limits an implicit key to 1024 characters; longer keys go to the full reader, which says so. */
const MAX_KEY = 1000;

/** Printable ASCII and newlines only: anything else (tabs, CR, BOM, control and non-ASCII characters) declines. */
const OUTSIDE_SUBSET = /[^\n\x20-\x7e]/;
/** A plain scalar item of a flow list: no flow indicators, quotes, colons or spaces. */
const FLOW_PLAIN = /^[A-Za-z0-9_/][A-Za-z0-9_./+-]*$/;

// The implicit types of YAML 1.1 as the values reader uses them (the yaml package's yaml-1.1 schema without
// timestamps and sexagesimal numbers): a plain scalar that matches one of these is not text.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const NUMERIC = [
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
];
/** A first letter that none of the implicit types above starts with (they start with ~ n N y Y t T f F o O . + - or a digit). */
const TEXT_START = /^[a-eg-mp-su-xzA-EG-MP-SU-XZ_/]/;
/** The numbers this reader converts itself: plain decimals, with no sign, underscores or leading zeros. */
const SIMPLE_NUMBER = /^(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?$/;

/** Declines a file from inside the reader; caught by {@link parseFastYaml}. */
const decline = (): never => {
  throw new Error('outside the plain subset');
};

/**
 * Reads a values file written in the plain subset of YAML, or returns `undefined` for the full reader to read.
 * Throws what the full reader would throw for a file it reads (`E_UNSAFE_KEY`).
 *
 * @example
 * ```ts
 * parseFastYaml('global:\n  tag: 0.8.0\n', 'values.yaml')?.values; // { global: { tag: '0.8.0' } }
 * parseFastYaml('a: &x 1\nb: *x\n', 'values.yaml');                 // undefined: aliases need the full reader
 * ```
 */
export function parseFastYaml(text: string, file: string): ParsedValues | undefined {
  if (OUTSIDE_SUBSET.test(text)) return undefined;
  let reader: Reader;
  let values: Record<string, unknown>;
  try {
    reader = new Reader(text, file, false);
    values = reader.read();
    // A duplicate key's earlier line is read from its place, unless some key's path can coincide with another's.
    if (reader.warnings.length > 0 && reader.pathsMayCoincide) {
      reader = new Reader(text, file, true);
      values = reader.read();
    }
  } catch {
    return undefined; // declined (the reader throws only to decline); the full reader reads it
  }
  // The first refused key, as the full reader's walk meets it (it walks only a file that reads without errors).
  if (reader.unsafe) assertSafeKey(reader.unsafe.key, reader.unsafe.place);
  return { file, values, locations: reader.locations, warnings: reader.warnings };
}

/**
 * Reads a file into plain values in one pass over its text, line by line, recording what the full reader's walk
 * records: the place of every map key and list item, and each duplicate key (the last one wins, keeps the first
 * one's place among the keys, and the places below the value it replaces are forgotten). Lines are not split
 * out: a cursor holds the current line (where it starts and ends, its indentation), and only keys and scalar
 * values become strings.
 */
class Reader {
  readonly locations = new Map<string, Position>();
  readonly warnings: Warning[] = [];
  /** The first refused key met; thrown only once the whole file has read without declining. */
  unsafe: { key: string; place: ErrorPlace } | undefined;
  /** The values repeated keys replaced, by the map that held them. */
  private readonly replaced = new WeakMap<object, [string, unknown][]>();
  // The current line, the next one holding something other than a comment: its 1-based number, where it starts
  // and ends (before its newline) in the text, and its indentation. `start` is -1 once past the last line.
  private no = 0;
  private start = 0;
  private end = 0;
  private indent = 0;
  /** Where the line after the current one starts. */
  private rest = 0;
  /** Set by {@link keyEnd}: where the value after the key starts (after `: `, or at the end of the line). */
  private valueAt = 0;
  /**
   * Whether a key was read whose path can be another key's too: an empty key, or one holding `.` or `[` (`a.b`
   * and `a: {b}` are both `a.b`). Until then, the place recorded at a repeated key's path is its earlier one's.
   */
  pathsMayCoincide = false;

  /**
   * `byKey`: find a repeated key's earlier line by key in each map (exact when paths coincide) rather than by
   * path (one lookup fewer for every key).
   */
  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly byKey: boolean,
  ) {
    this.advance();
  }

  /** The whole file: one block map starting at column 1. An empty file is left to the full reader. */
  read(): Record<string, unknown> {
    if (this.start < 0 || this.indent !== 0 || this.isSeqItem()) decline();
    const root = this.map(0, 0, '');
    // A line indented less than its block (malformed), or a document marker (`---`, `...`) or directive (`%`),
    // which no key or item can start with.
    if (this.start >= 0) decline();
    return root;
  }

  /** Moves to the next line that holds something other than a comment, skipping blank and comment lines. */
  private advance(): void {
    const text = this.text;
    for (let at = this.rest; at < text.length; ) {
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      this.no++;
      let first = at;
      while (text.charCodeAt(first) === 32) first++;
      if (first < end && text.charCodeAt(first) !== 35 /* # */) {
        this.start = at;
        this.end = end;
        this.indent = first - at;
        this.rest = end + 1;
        return;
      }
      at = end + 1;
    }
    this.start = -1;
  }

  /** The current line is a list item: `-` followed by a space or the end of the line. */
  private isSeqItem(): boolean {
    const dash = this.start + this.indent;
    return this.text.charCodeAt(dash) === 45 /* - */ && (dash + 1 === this.end || this.text.charCodeAt(dash + 1) === 32);
  }

  private block(indent: number, depth: number, path: string): unknown {
    if (depth > MAX_DEPTH) decline();
    return this.isSeqItem() ? this.seq(indent, depth, path) : this.map(indent, depth, path);
  }

  private map(indent: number, depth: number, prefix: string): Record<string, unknown> {
    const text = this.text;
    const out: Record<string, unknown> = {};
    const earlierLine = this.byKey ? new Map<string, number>() : undefined;
    while (this.start >= 0 && this.indent === indent && !this.isSeqItem()) {
      const keyStart = this.start + indent;
      const keyEnd = this.keyEnd(keyStart);
      if (keyEnd < 0 || keyEnd - keyStart > MAX_KEY) decline();
      const quoted = text.charCodeAt(keyStart) === 34 /* " */ || text.charCodeAt(keyStart) === 39; /* ' */
      const key = quoted ? text.slice(keyStart + 1, keyEnd - 1) : plainKey(text.slice(keyStart, keyEnd));
      const at = { line: this.no, col: indent + 1 };
      const path = joinPath(prefix, key);
      this.key(out, earlierLine, key, at, path);
      const { start, end, no, valueAt } = this;
      this.advance();
      let value: unknown;
      if (isEmpty(text, valueAt, end)) {
        if (this.start >= 0 && this.indent > indent) value = this.block(this.indent, depth + 1, path);
        else if (this.start >= 0 && this.indent === indent && this.isSeqItem()) value = this.seq(indent, depth + 1, path);
        else value = null;
      } else {
        value = inlineValue(text, start, valueAt, end, no, path, this.locations);
        this.noContinuation(indent);
      }
      if (!UNSAFE_KEYS.has(key)) setOwn(out, key, value);
    }
    return out;
  }

  /**
   * Where a map key written at `at` on the current line ends, and {@link valueAt} where its value starts; -1 when
   * the line holds no key. A key is plain text (`[A-Za-z0-9_][A-Za-z0-9_./-]*`) or quoted without escapes or
   * inner quotes, followed by `:` and a space or the end of the line.
   */
  private keyEnd(at: number): number {
    const text = this.text;
    const first = text.charCodeAt(at);
    let end: number;
    if (first === 34 /* " */ || first === 39 /* ' */) {
      end = text.indexOf(first === 34 ? '"' : "'", at + 1) + 1;
      if (end <= 0 || end > this.end) return -1;
      if (first === 34) for (let i = at + 1; i < end - 1; i++) if (text.charCodeAt(i) === 92 /* \\ */) return -1;
    } else {
      if (!isKeyChar(first) || first === 46 /* . */ || first === 47 /* / */ || first === 45 /* - */) return -1;
      end = at + 1;
      while (isKeyChar(text.charCodeAt(end))) end++;
    }
    if (text.charCodeAt(end) !== 58 /* : */) return -1;
    if (end + 1 === this.end) this.valueAt = end + 1;
    else if (text.charCodeAt(end + 1) === 32) this.valueAt = end + 2;
    else return -1;
    return end;
  }

  /** Records a map key: its place, a warning when it repeats an earlier one, and the first refused key. */
  private key(out: Record<string, unknown>, earlierLine: Map<string, number> | undefined, key: string, at: Position, path: string): void {
    if (UNSAFE_KEYS.has(key)) {
      this.unsafe ??= { key, place: { file: this.file, ...at, path } };
      return;
    }
    if (key === '' || key.includes('.') || key.includes('[')) this.pathsMayCoincide = true;
    // "first" as the full reader words it: the line of the occurrence just before this one
    let earlier: number | undefined;
    if (earlierLine) {
      earlier = earlierLine.get(key);
      earlierLine.set(key, at.line);
    } else if (Object.prototype.hasOwnProperty.call(out, key)) {
      // A place can be missing only where paths coincide (a dotted key's place dropped with another key's value):
      // this line is then no answer, and the file is read again by key (see parseFastYaml), as it is whenever
      // paths may coincide and a key repeats.
      earlier = this.locations.get(path)?.line ?? 0;
    }
    if (earlier !== undefined) {
      this.warnings.push({
        code: 'W_DUPLICATE_KEY',
        message: `duplicate key ${path} (first at line ${earlier}); the last one wins, as in Helm`,
        place: { file: this.file, ...at, path },
      });
      this.forgetBelow(out[key], path);
      const replaced = this.replaced.get(out) ?? [];
      replaced.push([key, out[key]]);
      this.replaced.set(out, replaced);
    }
    this.locations.set(path, at);
  }

  /**
   * Drops the places recorded below `path` for the value a repeated key replaces: for its keys, and for the
   * values repeated keys replaced inside it (the full reader walks every entry written, replaced or not).
   */
  private forgetBelow(value: unknown, path: string): void {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        this.locations.delete(joinPath(path, i));
        this.forgetBelow(item, joinPath(path, i));
      });
    } else if (isMap(value)) {
      const entries: [string, unknown][] = [...Object.entries(value), ...(this.replaced.get(value) ?? [])];
      for (const [key, below] of entries) {
        this.locations.delete(joinPath(path, key));
        this.forgetBelow(below, joinPath(path, key));
      }
    }
  }

  private seq(indent: number, depth: number, prefix: string): unknown[] {
    const text = this.text;
    const items: unknown[] = [];
    while (this.start >= 0 && this.indent === indent && this.isSeqItem()) {
      const path = joinPath(prefix, items.length);
      const { start, end, no } = this;
      let at = start + indent + 1;
      while (at < end && text.charCodeAt(at) === 32) at++;
      if (at === end) {
        // `-` alone: the item is the block below it
        this.advance();
        if (this.start < 0 || this.indent <= indent) decline(); // an empty item
        this.locations.set(path, { line: this.no, col: this.indent + 1 });
        items.push(this.block(this.indent, depth + 1, path));
        continue;
      }
      if (this.keyEnd(at) >= 0) {
        // `- key: value`: a map whose keys sit at the column of its first key
        if (depth + 1 > MAX_DEPTH) decline();
        this.indent = at - start;
        this.locations.set(path, { line: no, col: this.indent + 1 });
        items.push(this.map(this.indent, depth + 1, path));
        continue;
      }
      this.advance();
      this.locations.set(path, { line: no, col: at - start + 1 });
      items.push(inlineValue(text, start, at, end, no, path, this.locations));
      this.noContinuation(indent);
    }
    return items;
  }

  /** A value written on its line ends there: a more indented line after it would continue it (or be an error). */
  private noContinuation(indent: number): void {
    if (this.start >= 0 && this.indent > indent) decline();
  }
}

/** A character of a plain key: `A-Z a-z 0-9 _ . / -`. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 47 || c === 45;
}

/** Nothing but spaces and perhaps a comment from `at` to `end`. */
function isEmpty(text: string, at: number, end: number): boolean {
  let i = at;
  while (i < end && text.charCodeAt(i) === 32) i++;
  return i >= end || text.charCodeAt(i) === 35;
}

/** Nothing after `at` but perhaps spaces and then a comment (a comment needs a space before it). */
function endsAt(text: string, at: number, end: number): boolean {
  return at >= end || (text.charCodeAt(at) === 32 && isEmpty(text, at, end));
}

/** A plain map key must be text: keys YAML 1.1 reads as null, a boolean or a number go to the full reader. */
function plainKey(text: string): string {
  const value = resolvePlain(text);
  if (typeof value !== 'string') decline();
  return text;
}

/** The value written on a line from `at` (not empty) to `end`: a scalar or a one-line flow list. */
function inlineValue(text: string, lineStart: number, at: number, end: number, no: number, path: string, locations: Map<string, Position>): unknown {
  let start = at;
  while (text.charCodeAt(start) === 32) start++;
  const first = text.charCodeAt(start);
  if (first === 34 /* " */ || first === 39 /* ' */) {
    const close = text.indexOf(first === 34 ? '"' : "'", start + 1);
    if (close < 0 || close >= end) decline();
    const inner = text.slice(start + 1, close);
    if ((first === 34 && inner.includes('\\')) || !endsAt(text, close + 1, end)) decline();
    return inner;
  }
  if (first === 91 /* [ */ || first === 123 /* { */) return flow(text, lineStart, start, end, no, path, locations);
  // A plain scalar: up to a comment (" #"), without indicators that make it something else.
  const written = text.slice(start, end);
  const hash = written.indexOf(' #');
  const plain = (hash < 0 ? written : written.slice(0, hash)).trimEnd();
  if (/^[-?:,\]}#&*!|>'"%@`]/.test(plain) && !/^-[0-9A-Za-z]/.test(plain)) decline();
  if (plain.includes(': ') || plain.endsWith(':')) decline();
  return resolvePlain(plain);
}

/** `[]`, `{}`, or a one-line flow list of plain or quoted scalars, from `start` to `end` on line `no`. */
function flow(text: string, lineStart: number, start: number, end: number, no: number, path: string, locations: Map<string, Position>): unknown {
  const list = text.charCodeAt(start) === 91; /* [ */
  const close = text.indexOf(list ? ']' : '}', start);
  if (close < 0 || close >= end || !endsAt(text, close + 1, end)) decline();
  const inner = text.slice(start + 1, close);
  if (inner.trim() === '') return list ? [] : {};
  if (!list) decline();
  const items: unknown[] = [];
  let col = start - lineStart + 1;
  for (const part of inner.split(',')) {
    const lead = part.length - part.trimStart().length;
    const item = part.trim();
    const quoted = /^"[^"\\]*"$/.test(item);
    if (!quoted && !FLOW_PLAIN.test(item)) decline(); // also an empty item (a trailing comma)
    const value = quoted ? item.slice(1, -1) : resolvePlain(item);
    locations.set(joinPath(path, items.length), { line: no, col: col + lead + 1 });
    items.push(value);
    col += part.length + 1;
  }
  return items;
}

/** A plain scalar's value as YAML 1.1 reads it; numbers other than plain decimals go to the full reader. */
function resolvePlain(text: string): string | number | boolean | null {
  // Most text starts with a letter no implicit type starts with: no need to try them all.
  if (TEXT_START.test(text)) return text;
  if (NULL.test(text)) return null;
  if (TRUE.test(text)) return true;
  if (FALSE.test(text)) return false;
  if (SIMPLE_NUMBER.test(text)) return Number(text);
  if (NUMERIC.some((re) => re.test(text))) decline();
  return text;
}
