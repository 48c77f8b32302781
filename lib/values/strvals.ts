/**
 * `--set` and `--set-string` expressions, read by Helm's strvals rules:
 * - `a.b.c=v` sets a nested key; several assignments are separated by unescaped commas (`a=1,b=2`);
 * - a backslash takes the next character literally, in keys and values (`10.4.0.0/14\,10.7.240.0/20` is one value);
 * - `{x,y}` as the whole value is a list; `name[0]=x` and `name[0].key=x` set list items (missing items become null);
 * - `a=` is the empty string;
 * - under `--set`, `true`/`false`/`null` (any case) and plain integers are typed (a leading zero keeps a string),
 *   under `--set-string` everything is a string;
 * - the later assignment wins.
 * Each expression becomes a list of assignments (data), applied to a values tree afterwards.
 */
import { RenderInjectorError } from '../errors.js';
import { assertSafeKey, cloneValues, formatPath, getOwn, isMap, setOwn, type PathSegment } from './paths.js';

/** How values are typed: `set` types booleans, null and integers; `set-string` keeps strings. */
export type SetMode = 'set' | 'set-string';

/** One assignment from a `--set` expression. */
export interface SetAssignment {
  /** Where to put the value: map keys and list indexes. */
  path: PathSegment[];
  /** The typed value: a string, number, boolean, null, or a list of those. */
  value: unknown;
  /** The assignment as the user wrote it, e.g. `global.proxy.includeIPRanges=10.4.0.0/14\,10.7.240.0/20`. */
  text: string;
  /** The option it came from, e.g. `--set`. */
  option: string;
}

/** The largest list index accepted (as in Helm). */
export const MAX_SET_INDEX = 65536;
/** The deepest key nesting accepted (as in Helm). */
export const MAX_SET_DEPTH = 30;

/**
 * Reads `--set` (or `--set-string`) expressions into assignments, in order. Throws `E_SET` for a malformed
 * expression (naming it and the character position) and `E_UNSAFE_KEY` for a `__proto__`, `constructor` or
 * `prototype` segment.
 *
 * @example
 * ```ts
 * parseSetExpressions(['global.proxy.includeIPRanges=10.4.0.0/14\\,10.7.240.0/20,global.tag=1'], 'set');
 * // [{ path: ['global','proxy','includeIPRanges'], value: '10.4.0.0/14,10.7.240.0/20', ... },
 * //  { path: ['global','tag'], value: 1, ... }]
 * ```
 */
export function parseSetExpressions(exprs: readonly string[], mode: SetMode, optionName?: string): SetAssignment[] {
  const option = optionName ?? `--${mode}`;
  const out: SetAssignment[] = [];
  for (const expr of exprs) out.push(...new ExpressionReader(expr, mode, option).read());
  return out;
}

/**
 * Applies assignments in order to a copy of `values` and returns the copy (the input is not changed).
 * A key that holds something else than the map or list the path needs is replaced (the later value wins).
 *
 * @example
 * ```ts
 * applySetAssignments({ a: { b: 1 } }, parseSetExpressions(['a.c=2', 'l[1]=x'], 'set'));
 * // { a: { b: 1, c: 2 }, l: [null, 'x'] }
 * ```
 */
export function applySetAssignments(values: Record<string, unknown>, assignments: readonly SetAssignment[]): Record<string, unknown> {
  const root = cloneValues(values);
  for (const a of assignments) setPath(root, a.path, cloneValues(a.value));
  return root;
}

/**
 * Sets one value at a path inside `root`, creating (or replacing) maps and lists on the way. Mutates `root`.
 *
 * @example
 * ```ts
 * const root = {};
 * setPath(root, ['ports', 0, 'name'], 'http'); // root is { ports: [{ name: 'http' }] }
 * ```
 */
export function setPath(root: Record<string, unknown>, path: readonly PathSegment[], value: unknown): void {
  let container: Record<string, unknown> | unknown[] = root;
  path.forEach((segment, i) => {
    const next = path[i + 1];
    let child: unknown;
    if (next === undefined) child = value;
    else {
      child = read(container, segment);
      if (typeof next === 'number' ? !Array.isArray(child) : !isMap(child)) child = typeof next === 'number' ? [] : {};
    }
    write(container, segment, child);
    container = child as Record<string, unknown> | unknown[];
  });
}

function read(container: Record<string, unknown> | unknown[], segment: PathSegment): unknown {
  return Array.isArray(container) ? container[segment as number] : getOwn(container, segment as string);
}

function write(container: Record<string, unknown> | unknown[], segment: PathSegment, value: unknown): void {
  if (Array.isArray(container)) {
    const index = segment as number;
    while (container.length < index) container.push(null);
    container[index] = value;
  } else setOwn(container, segment as string, value);
}

/** Types a value as Helm's `--set` does. */
function typed(text: string, mode: SetMode): unknown {
  if (mode === 'set-string') return text;
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (text === '0') return 0;
  if (/^[+-]?[0-9]+$/.test(text) && !text.startsWith('0')) {
    const big = BigInt(text);
    // Helm keeps an int64; a JavaScript number holds integers exactly only up to 2^53, so larger ones stay text.
    if (big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(big);
  }
  return text;
}

/** A cursor over one expression. */
class ExpressionReader {
  private pos = 0;

  constructor(
    private readonly expr: string,
    private readonly mode: SetMode,
    private readonly option: string,
  ) {}

  read(): SetAssignment[] {
    const out: SetAssignment[] = [];
    while (this.pos < this.expr.length) {
      const start = this.pos;
      const path = this.key();
      const value = this.value();
      out.push({ path, value, text: this.expr.slice(start, this.pos), option: this.option });
      if (this.expr[this.pos] === ',') this.pos++;
    }
    return out;
  }

  private fail(problem: string, at = this.pos): never {
    throw new RenderInjectorError('E_SET', `malformed expression "${this.expr}": ${problem} at character ${at + 1}`, {
      place: { file: this.option },
      hint: 'write NAME=VALUE pairs separated by commas, e.g. global.proxy.includeIPRanges=10.0.0.0/8\\,172.16.0.0/12 (a backslash escapes a comma)',
    });
  }

  /** Reads characters until one of `stops` (unescaped) or the end; returns the text and the stop (or ''). */
  private until(stops: string): [string, string] {
    let text = '';
    while (this.pos < this.expr.length) {
      const c = this.expr[this.pos++]!;
      if (stops.includes(c)) return [text, c];
      if (c === '\\') {
        if (this.pos >= this.expr.length) this.fail('a lone backslash ends the expression', this.pos - 1);
        text += this.expr[this.pos++];
      } else text += c;
    }
    return [text, ''];
  }

  /** Reads a key path up to and including `=`. */
  private key(): PathSegment[] {
    const path: PathSegment[] = [];
    for (;;) {
      const segStart = this.pos;
      const [segment, stop] = this.until('=[,.');
      if (stop === ',' && segment === '' && path.length === 0) this.fail('an empty assignment (two commas in a row?)', this.pos - 1);
      const soFar = formatPath(segment === '' ? path : [...path, segment]);
      if (stop === '' || stop === ',') this.fail(`key "${soFar}" has no value (expected "=")`, stop === ',' ? this.pos - 1 : this.pos);
      if (segment === '' && !(stop === '[' && typeof path[path.length - 1] === 'number')) {
        this.fail(path.length === 0 ? 'the key is empty' : `an empty key segment after "${soFar}"`, segStart);
      }
      if (segment !== '') {
        assertSafeKey(segment, { file: this.option, path: soFar });
        path.push(segment);
      }
      if (stop === '[') {
        path.push(this.index(formatPath(path)));
        this.checkDepth(path);
        const after = this.expr[this.pos];
        if (after === '[') continue;
        if (after !== '=' && after !== '.') this.fail(`expected "=", "." or "[" after the index of "${formatPath(path)}"`);
        this.pos++;
        if (after === '=') return path;
      } else if (stop === '=') return path;
      this.checkDepth(path);
    }
  }

  /** Refuses keys deeper than Helm allows (names), and runs of list indexes deep enough to exhaust the stack. */
  private checkDepth(path: readonly PathSegment[]): void {
    if (path.filter((s) => typeof s === 'string').length > MAX_SET_DEPTH) this.fail(`the key nests deeper than ${MAX_SET_DEPTH} levels`);
    if (path.length > 2 * MAX_SET_DEPTH) this.fail(`the key nests deeper than ${2 * MAX_SET_DEPTH} names and indexes`);
  }

  /** Reads `N]` after a `[`. */
  private index(of: string): number {
    const start = this.pos;
    const [text, stop] = this.until(']');
    if (stop === '') this.fail(`the index of "${of}" has no closing "]"`, start - 1);
    if (!/^[0-9]+$/.test(text)) this.fail(`the index "${text}" of "${of}" is not a whole number from 0`, start);
    const index = Number(text);
    if (index > MAX_SET_INDEX) this.fail(`the index ${text} of "${of}" is larger than ${MAX_SET_INDEX}`, start);
    return index;
  }

  /** Reads a value after `=`: a `{…}` list or text up to the next unescaped comma. */
  private value(): unknown {
    if (this.expr[this.pos] !== '{') {
      const [text, stop] = this.until(',');
      if (stop === ',') this.pos--; // the separator is read by read()
      return typed(text, this.mode);
    }
    const open = this.pos++;
    const list: unknown[] = [];
    for (;;) {
      const [item, stop] = this.until(',}');
      if (stop === '') this.fail('the list has no closing "}"', open);
      list.push(typed(item, this.mode));
      if (stop === '}') break;
    }
    if (this.pos < this.expr.length && this.expr[this.pos] !== ',') this.fail('expected "," or the end after "}"');
    return list;
  }
}
