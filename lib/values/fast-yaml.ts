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

/** One line that holds something other than a comment: its 1-based number, its indentation and its text. */
interface Line {
  no: number;
  indent: number;
  text: string;
}

/** Deeper nesting than this is left to the full reader (values nest a few dozen levels at most). */
const MAX_DEPTH = 100;
/** YAML limits an implicit key to 1024 characters; longer keys go to the full reader, which says so. */
const MAX_KEY = 1000;

/** Printable ASCII and newlines only: anything else (tabs, CR, BOM, control and non-ASCII characters) declines. */
const OUTSIDE_SUBSET = /[^\n\x20-\x7e]/;
/** A plain map key followed by `:` and a space or the end of the line. */
const PLAIN_KEY = /^([A-Za-z0-9_][A-Za-z0-9_./-]*):(?: |$)/;
/** A quoted map key without escapes or inner quotes. */
const QUOTED_KEY = /^("[^"\\]*"|'[^']*'):(?: |$)/;
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
    reader = new Reader(text, file);
    values = reader.read();
  } catch {
    return undefined; // declined (nothing else is thrown: the nesting is bounded); the full reader reads it
  }
  // The first refused key, as the full reader's walk meets it (it walks only a file that reads without errors).
  if (reader.unsafe) assertSafeKey(reader.unsafe.key, reader.unsafe.place);
  return { file, values, locations: reader.locations, warnings: reader.warnings };
}

/**
 * Reads the lines of a file into plain values in one pass, recording what the full reader's walk records: the
 * place of every map key and list item, and each duplicate key (the last one wins, keeps the first one's place
 * among the keys, and the places below the value it replaces are forgotten).
 */
class Reader {
  readonly locations = new Map<string, Position>();
  readonly warnings: Warning[] = [];
  /** The first refused key met; thrown only once the whole file has read without declining. */
  unsafe: { key: string; place: ErrorPlace } | undefined;
  /** The values repeated keys replaced, by the map that held them. */
  private readonly replaced = new WeakMap<object, [string, unknown][]>();
  private readonly lines: Line[] = [];
  private next = 0;

  constructor(
    text: string,
    private readonly file: string,
  ) {
    const raw = text.split('\n');
    for (let i = 0; i < raw.length; i++) {
      const line = raw[i]!;
      let indent = 0;
      while (line.charCodeAt(indent) === 32) indent++;
      if (indent === line.length || line.charCodeAt(indent) === 35 /* # */) continue;
      // Document markers and directives belong to the full reader.
      if (indent === 0 && (line.startsWith('---') || line.startsWith('...') || line.startsWith('%'))) decline();
      this.lines.push({ no: i + 1, indent, text: line });
    }
  }

  /** The whole file: one block map starting at column 1. An empty file is left to the full reader. */
  read(): Record<string, unknown> {
    const first = this.lines[0];
    if (first === undefined || first.indent !== 0 || isSeqItem(first)) decline();
    const root = this.map(0, 0, '');
    if (this.next < this.lines.length) decline(); // a line indented less than its block: malformed
    return root;
  }

  private block(indent: number, depth: number, path: string): unknown {
    if (depth > MAX_DEPTH) decline();
    return isSeqItem(this.lines[this.next]!) ? this.seq(indent, depth, path) : this.map(indent, depth, path);
  }

  private map(indent: number, depth: number, prefix: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const earlierLine = new Map<string, number>(); // by key: key paths can coincide ("a.b" and a: {b})
    for (let line = this.lines[this.next]; line && line.indent === indent && !isSeqItem(line); line = this.lines[this.next]) {
      const rest = line.text.slice(indent);
      const match = PLAIN_KEY.exec(rest) ?? QUOTED_KEY.exec(rest);
      if (match === null || match[1]!.length > MAX_KEY) decline();
      const keyText = match![1]!;
      const key = keyText.startsWith('"') || keyText.startsWith("'") ? keyText.slice(1, -1) : plainKey(keyText);
      const at = { line: line.no, col: indent + 1 };
      const path = joinPath(prefix, key);
      this.key(out, earlierLine, key, at, path);
      this.next++;
      const valueCol = indent + match![0]!.length;
      let value: unknown;
      if (isEmpty(line.text, valueCol)) {
        const below = this.lines[this.next];
        if (below && below.indent > indent) value = this.block(below.indent, depth + 1, path);
        else if (below && below.indent === indent && isSeqItem(below)) value = this.seq(indent, depth + 1, path);
        else value = null;
      } else {
        value = this.inline(line, valueCol, path).value;
        this.noContinuation(indent);
      }
      if (!UNSAFE_KEYS.has(key)) setOwn(out, key, value);
    }
    return out;
  }

  /** Records a map key: its place, a warning when it repeats an earlier one, and the first refused key. */
  private key(out: Record<string, unknown>, earlierLine: Map<string, number>, key: string, at: Position, path: string): void {
    if (UNSAFE_KEYS.has(key)) {
      this.unsafe ??= { key, place: { file: this.file, ...at, path } };
      return;
    }
    // "first" as the full reader words it: the line of the occurrence just before this one
    const earlier = earlierLine.get(key);
    earlierLine.set(key, at.line);
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
    const items: unknown[] = [];
    for (let line = this.lines[this.next]; line && line.indent === indent && isSeqItem(line); line = this.lines[this.next]) {
      const path = joinPath(prefix, items.length);
      let col = indent + 1;
      while (line.text.charCodeAt(col) === 32) col++;
      if (col >= line.text.length) {
        // `-` alone: the item is the block below it
        this.next++;
        const below = this.lines[this.next];
        if (!below || below.indent <= indent) decline(); // an empty item
        this.locations.set(path, { line: below!.no, col: below!.indent + 1 });
        items.push(this.block(below!.indent, depth + 1, path));
        continue;
      }
      const rest = line.text.slice(col);
      if (PLAIN_KEY.test(rest) || QUOTED_KEY.test(rest)) {
        // `- key: value`: a map whose keys sit at the column of its first key
        if (depth + 1 > MAX_DEPTH) decline();
        this.lines[this.next] = { no: line.no, indent: col, text: line.text };
        this.locations.set(path, { line: line.no, col: col + 1 });
        items.push(this.map(col, depth + 1, path));
        continue;
      }
      this.next++;
      const at = { line: line.no, col: 0 };
      this.locations.set(path, at);
      const { value, start } = this.inline(line, col, path);
      at.col = start + 1;
      items.push(value);
      this.noContinuation(indent);
    }
    return items;
  }

  private inline(line: Line, col: number, path: string): { value: unknown; start: number } {
    return inlineValue(line, col, path, this.locations);
  }

  /** A value written on its line ends there: a more indented line after it would continue it (or be an error). */
  private noContinuation(indent: number): void {
    const after = this.lines[this.next];
    if (after && after.indent > indent) decline();
  }
}

/** `-` followed by a space or the end of the line. */
function isSeqItem(line: Line): boolean {
  const c = line.text.charCodeAt(line.indent);
  if (c !== 45 /* - */) return false;
  const after = line.text.charCodeAt(line.indent + 1);
  return Number.isNaN(after) || after === 32;
}

/** Nothing but spaces and perhaps a comment from `col` on. */
function isEmpty(text: string, col: number): boolean {
  let i = col;
  while (text.charCodeAt(i) === 32) i++;
  return i >= text.length || text.charCodeAt(i) === 35;
}

/** Nothing after `col` but perhaps spaces and then a comment (a comment needs a space before it). */
function endsAt(text: string, col: number): boolean {
  return col >= text.length || (text.charCodeAt(col) === 32 && isEmpty(text, col));
}

/** A plain map key must be text: keys YAML 1.1 reads as null, a boolean or a number go to the full reader. */
function plainKey(text: string): string {
  const value = resolvePlain(text);
  if (typeof value !== 'string') decline();
  return text;
}

/** The value written on a line from `col` (not empty): a scalar or a one-line flow list, and where it starts. */
function inlineValue(line: Line, col: number, path: string, locations: Map<string, Position>): { value: unknown; start: number } {
  const text = line.text;
  let start = col;
  while (text.charCodeAt(start) === 32) start++;
  const first = text[start]!;
  if (first === '"' || first === "'") {
    const close = text.indexOf(first, start + 1);
    const inner = text.slice(start + 1, close);
    if (close < 0 || (first === '"' && inner.includes('\\')) || !endsAt(text, close + 1)) decline();
    return { value: inner, start };
  }
  if (first === '[' || first === '{') return { value: flow(line, start, path, locations), start };
  // A plain scalar: up to a comment (" #"), without indicators that make it something else.
  const hash = text.indexOf(' #', start);
  const plain = (hash < 0 ? text.slice(start) : text.slice(start, hash)).trimEnd();
  if (/^[-?:,\]}#&*!|>'"%@`]/.test(plain) && !/^-[0-9A-Za-z]/.test(plain)) decline();
  if (plain.includes(': ') || plain.endsWith(':')) decline();
  return { value: resolvePlain(plain), start };
}

/** `[]`, `{}`, or a one-line flow list of plain or quoted scalars. */
function flow(line: Line, start: number, path: string, locations: Map<string, Position>): unknown {
  const text = line.text;
  const close = text.indexOf(text[start] === '[' ? ']' : '}', start);
  if (close < 0 || !endsAt(text, close + 1)) decline();
  const inner = text.slice(start + 1, close);
  if (inner.trim() === '') return text[start] === '[' ? [] : {};
  if (text[start] === '{') decline();
  const items: unknown[] = [];
  let at = start + 1;
  for (const part of inner.split(',')) {
    const lead = part.length - part.trimStart().length;
    const item = part.trim();
    const quoted = /^"[^"\\]*"$/.test(item);
    if (!quoted && !FLOW_PLAIN.test(item)) decline(); // also an empty item (a trailing comma)
    const value = quoted ? item.slice(1, -1) : resolvePlain(item);
    locations.set(joinPath(path, items.length), { line: line.no, col: at + lead + 1 });
    items.push(value);
    at += part.length + 1;
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
