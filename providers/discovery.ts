/**
 * Shared reading machinery for provider discovery: turn a command's output (YAML, JSON, a stream of JSON
 * objects, or flag-bearing text such as `kubectl cluster-info dump`) into documents, find the one that holds the
 * fields, and read CIDR fields strictly, naming the file, line and field in every error.
 */
import { LineCounter, isNode, parseAllDocuments, parseDocument } from 'yaml';
import { RenderInjectorError, type ErrorPlace, type Warning } from '../lib/errors.js';
import { formatCidr, parseCidr } from '../lib/cidr/index.js';
import { formatPath } from '../lib/values/paths.js';
import { isClusterInfoDump, podFlagText } from './pod-flags.js';
import type { DiscoveryResult, ProviderRange, RangeRole } from './types.js';

/** One segment of a path into a document: a mapping key or a sequence index. */
export type PathKey = string | number;

/**
 * One parsed document of the input, with a way to find the line of any node in it.
 *
 * @example
 * ```ts
 * const [doc] = readDocuments('a: 1\n').docs;
 * doc?.lineOf(['a']); // 1
 * ```
 */
export interface ParsedDoc {
  /** The document as plain data. */
  value: unknown;
  /** 1-based line of the node at `path`, when known. */
  lineOf(path: readonly PathKey[]): number | undefined;
}

/**
 * The readable documents of an input, and the first parse problem met (kept for the error message when no
 * document holds the fields).
 *
 * @example
 * ```ts
 * const { docs, problem } = readDocuments('{"a":1}\n{"b":2}\n');
 * docs.length; // 2
 * ```
 */
export interface ReadResult {
  docs: ParsedDoc[];
  problem?: { message: string; line: number };
}

/**
 * Splits text into top-level JSON objects/arrays by bracket depth, skipping anything between them.
 * Strings are honoured, so brackets inside them do not count.
 *
 * @example
 * ```ts
 * splitJsonValues('{"a":1}\nnoise\n[2]'); // [{ start: 0, text: '{"a":1}' }, { start: 14, text: '[2]' }]
 * ```
 */
export function splitJsonValues(text: string): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"' && depth > 0) inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if ((ch === '}' || ch === ']') && depth > 0) {
      depth--;
      if (depth === 0) out.push({ start, text: text.slice(start, i + 1) });
    }
  }
  return out;
}

/**
 * Parses every document of `text`. YAML (and so JSON) documents separated by `---` are read first; when that
 * fails, as it does for concatenated JSON objects (`cmd1; cmd2` output), the top-level JSON values are read one
 * by one. Empty documents and documents that do not parse are left out; the first problem is reported.
 *
 * @example
 * ```ts
 * readDocuments('---\n# from gcloud\nclusterIpv4Cidr: 10.8.0.0/14\n---\n').docs[0]?.value;
 * // { clusterIpv4Cidr: '10.8.0.0/14' }
 * ```
 */
export function readDocuments(text: string): ReadResult {
  const lc = new LineCounter();
  const result: ReadResult = { docs: [] };
  const lineAt = (offset: number): number => lc.linePos(offset).line;
  let failed = false;
  for (const doc of parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false })) {
    const [err] = doc.errors;
    if (err) {
      failed = true;
      result.problem ??= { message: err.message.split('\n')[0] as string, line: lineAt(err.pos[0]) };
      continue;
    }
    const value = toValue(doc, (message) => {
      failed = true;
      result.problem ??= { message, line: 1 };
    });
    if (value === null || value === undefined) continue;
    result.docs.push({ value, lineOf: (path) => nodeLine(doc, path, 0, lineAt) });
  }
  if (failed) {
    for (const chunk of splitJsonValues(text)) {
      const doc = parseDocument(chunk.text, { prettyErrors: false });
      if (doc.errors.length > 0) continue;
      const value = toValue(doc, () => undefined);
      if (value !== undefined) result.docs.push({ value, lineOf: (path) => nodeLine(doc, path, chunk.start, lineAt) });
    }
  }
  return result;
}

/**
 * The document as plain data; `undefined` (and the problem reported) when it cannot be: an alias bomb, for one,
 * which the `yaml` package refuses past 100 alias expansions.
 */
function toValue(doc: { toJS(options: { maxAliasCount: number }): unknown }, report: (message: string) => void): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    report(`too many YAML aliases (${(e as Error).message})`);
    return undefined;
  }
}

function nodeLine(
  doc: { getIn(path: Iterable<unknown>, keepScalar?: boolean): unknown },
  path: readonly PathKey[],
  offset: number,
  lineAt: (offset: number) => number,
): number | undefined {
  const node = doc.getIn(path, true);
  return isNode(node) && node.range ? lineAt(offset + node.range[0]) : undefined;
}

/**
 * Reads the value at `path` in plain data; `undefined` when any step is missing.
 *
 * @example
 * ```ts
 * getPath({ a: [{ b: 1 }] }, ['a', 0, 'b']); // 1
 * ```
 */
export function getPath(value: unknown, path: readonly PathKey[]): unknown {
  let at: unknown = value;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(at)) return undefined;
      at = at[key];
    } else {
      if (at === null || typeof at !== 'object' || Array.isArray(at) || !Object.hasOwn(at, key)) return undefined;
      at = (at as Record<string, unknown>)[key];
    }
  }
  return at;
}

/**
 * Discovery for one provider and one input file: errors and sources carry the provider, the file and the
 * command that produces the right input, and ranges are collected without duplicates.
 *
 * @example
 * ```ts
 * const d = new Discovery('k3s', 'config.yaml', 'cat /etc/rancher/k3s/config.yaml');
 * const doc = d.pick(d.read('cluster-cidr: 10.42.0.0/16'), [['cluster-cidr']]);
 * d.cidrs(doc, ['cluster-cidr'], 'pods');
 * d.result().ranges; // [{ cidr: '10.42.0.0/16', role: 'pods', source: 'config.yaml: cluster-cidr' }]
 * ```
 */
export class Discovery {
  private readonly ranges: ProviderRange[] = [];
  private readonly warnings: Warning[] = [];
  private problem: ReadResult['problem'];

  constructor(
    readonly provider: string,
    readonly file: string,
    readonly command: string,
  ) {}

  /** Parses the input into documents; empty input is an error. */
  read(text: string): ParsedDoc[] {
    if (text.trim() === '') throw this.error(`${this.provider} cluster info in ${this.file} is empty`, {});
    const { docs, problem } = readDocuments(text);
    this.problem = problem;
    return docs;
  }

  /** An `E_DISCOVERY` error whose hint names the command to run. */
  error(message: string, place: ErrorPlace): RenderInjectorError {
    return new RenderInjectorError('E_DISCOVERY', message, {
      place: { file: this.file, ...place },
      hint: `produce the input with: ${this.command}`,
    });
  }

  /** The error for a field that is not there; mentions a parse problem when some document did not parse. */
  missing(field: string, place: ErrorPlace = {}): RenderInjectorError {
    const why = this.problem
      ? `cannot read ${this.file} as YAML or JSON (line ${this.problem.line}: ${this.problem.message}) and found no ${field}`
      : `${this.provider} cluster info in ${this.file} has no ${field}`;
    return this.error(why, { path: field, ...place });
  }

  /**
   * The first document (mapping) that has any of `paths`; none → the missing-field error for the first path.
   */
  pick(docs: ParsedDoc[], paths: readonly [readonly PathKey[], ...(readonly PathKey[])[]]): ParsedDoc {
    const found = docs.find(
      (d) => isMapping(d.value) && paths.some((p) => getPath(d.value, p) !== undefined),
    );
    if (!found) throw this.missing(formatPath(paths[0]));
    return found;
  }

  /** Adds a range unless the same CIDR with the same role is already there (the first source wins). */
  add(range: ProviderRange): void {
    if (!this.ranges.some((r) => r.cidr === range.cidr && r.role === range.role)) this.ranges.push(range);
  }

  /** Adds a warning. */
  warn(code: string, message: string, place: ErrorPlace = {}): void {
    this.warnings.push({ code, message, place: { file: this.file, ...place } });
  }

  /**
   * Reads the CIDR field at `path` (a string, comma-separated for dual-stack, or a list of strings), validates
   * every item strictly and adds it with `role`. Returns how many CIDRs were read; 0 when the field is absent.
   * A field of another type is an `E_DISCOVERY` error.
   */
  cidrs(doc: ParsedDoc, path: readonly PathKey[], role: RangeRole): number {
    const value = getPath(doc.value, path);
    if (value === undefined || value === null) return 0;
    const field = formatPath(path);
    const line = doc.lineOf(path);
    let items: string[];
    if (typeof value === 'string') items = value.split(',');
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) items = value as string[];
    else {
      throw this.error(`${this.provider} cluster info field ${field} in ${this.file} is ${describe(value)}, not a CIDR or a list of CIDRs`, {
        line,
        path: field,
      });
    }
    return this.addTexts(items, role, `${this.file}: ${field}`, { line, path: field });
  }

  /**
   * Validates CIDR texts strictly and adds them; blank items are ignored. Returns how many were added.
   * A CIDR with host bits set is kept with the bits cleared and a warning.
   */
  addTexts(items: readonly string[], role: RangeRole, source: string, place: ErrorPlace): number {
    let count = 0;
    for (const raw of items) {
      const text = raw.trim();
      if (text === '') continue;
      const { cidr, hostBitsSet } = parseCidr(text, { file: this.file, ...place });
      const canonical = formatCidr(cidr);
      if (hostBitsSet) {
        this.warn('W_HOST_BITS', `${text} has host bits set; using ${canonical}`, place);
      }
      this.add({ cidr: canonical, role, source });
      count++;
    }
    return count;
  }

  /**
   * Finds every `--NAME=VALUE` (or `--NAME VALUE`) flag in free text such as `kubectl cluster-info dump` output
   * or a component's args file, validates each comma-separated CIDR and adds it. Returns how many were added.
   * In a `kubectl cluster-info dump` only the containers' `command`/`args` in pod specs count (see pod-flags.ts).
   */
  flag(text: string, name: string, role: RangeRole): number {
    // In a cluster-info dump only the pod specs' container arguments are flags; logs and events are not.
    if (isClusterInfoDump(text)) text = podFlagText(text);
    const re = new RegExp(`--${name.replace(/[-]/g, '\\-')}(?:=|[ \\t]+)["']?([^\\s"'\\\\,\\]}]+(?:,[^\\s"'\\\\,\\]}]+)*)`, 'g');
    let count = 0;
    for (const m of text.matchAll(re)) {
      const line = lineOfOffset(text, m.index);
      count += this.addTexts((m[1] as string).split(','), role, `${this.file}:${line}: --${name}`, { line, path: `--${name}` });
    }
    return count;
  }

  /** The ranges and warnings collected so far. */
  result(): DiscoveryResult {
    return { ranges: [...this.ranges], warnings: [...this.warnings] };
  }
}

/**
 * Whether `value` is a plain mapping (not a list, not a scalar).
 *
 * @example
 * ```ts
 * isMapping({ a: 1 }); // true
 * isMapping([1]); // false
 * ```
 */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list with a non-string item';
  if (isMapping(value)) return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * A provider default or preset range, with a source naming where the number is documented.
 *
 * @example
 * ```ts
 * staticRange('10.42.0.0/16', 'pods', 'k3s default (--cluster-cidr)');
 * ```
 */
export function staticRange(cidr: string, role: RangeRole, source: string): ProviderRange {
  return { cidr, role, source };
}
