/**
 * Reads one values file (YAML or JSON) into plain data, keeping where each key was written.
 * Hostile input is refused: more than one document, a top level that is not a map, alias bombs, and the keys
 * `__proto__`, `constructor`, `prototype`. Duplicate keys are accepted as Helm accepts them (the last wins),
 * with a warning.
 */
import {
  LineCounter,
  parseAllDocuments,
  isAlias,
  isNode,
  isMap as isYamlMap,
  isScalar,
  isSeq,
  type Document,
  type Node as YamlNode,
  type Tags,
} from 'yaml';
import { RenderInjectorError, type Warning } from '../errors.js';
import { parseFastYaml } from './fast-yaml.js';
import { assertSafeKey, cloneValues, joinPath, parentPath } from './paths.js';

/** A 1-based line and column inside a file. */
export interface Position {
  line: number;
  col: number;
}

/** One values file, parsed. */
export interface ParsedValues {
  /** The file name as given (used in every message). */
  file: string;
  /** The values, as plain maps, lists and scalars; `{}` for an empty file. No two paths share a map or a list. */
  values: Record<string, unknown>;
  /** Where each key was written, by key path (`global.proxy.includeIPRanges`, `ports[0]`). */
  locations: ReadonlyMap<string, Position>;
  /** Duplicate keys and similar things worth telling the user. */
  warnings: Warning[];
}

/** The most aliases one file may expand; more is refused as a likely alias bomb. */
export const MAX_ALIAS_COUNT = 100;

/** YAML 1.1 (as Helm's Go YAML reads values), without the tags Go leaves as strings: timestamps and 1:20 sexagesimals. */
const helmTags = (tags: Tags): Tags =>
  tags.filter((t) => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME'));

/**
 * Parses a values file. Throws `E_YAML` (with file:line:col) for text that is not one YAML map, and
 * `E_UNSAFE_KEY` for a refused key.
 *
 * @example
 * ```ts
 * const parsed = parseValuesYaml('global:\n  tag: 0.8.0\n', 'values.yaml');
 * parsed.values;                          // { global: { tag: '0.8.0' } }
 * parsed.locations.get('global.tag');     // { line: 2, col: 3 }
 * ```
 */
export function parseValuesYaml(text: string, file: string): ParsedValues {
  // Large values files are written in plain YAML: read that subset directly (in linear time; the yaml package
  // takes seconds over a megabyte), the rest with the full reader. Both give the same for what both read.
  return parseFastYaml(text, file) ?? parseFullYaml(text, file);
}

/**
 * {@link parseValuesYaml} by the full YAML reader (the yaml package) alone, for any file; what the fast reader
 * gives is checked against it.
 *
 * @example
 * ```ts
 * parseFullYaml('a: &x [1]\nb: *x\n', 'values.yaml').values; // { a: [1], b: [1] }
 * ```
 */
export function parseFullYaml(text: string, file: string): ParsedValues {
  const lineCounter = new LineCounter();
  const where = (offset: number): Position => lineCounter.linePos(offset);
  const fail = (message: string, at: Position | undefined, hint: string): never => {
    throw new RenderInjectorError('E_YAML', message, { place: { file, ...at }, hint });
  };

  // prettyErrors stays off: its error context is costly on hostile input (deep nesting); positions come from lineCounter.
  const docs = parseAllDocuments(text, {
    lineCounter,
    uniqueKeys: false,
    version: '1.1',
    customTags: helmTags,
    prettyErrors: false,
  }) as Document.Parsed[];
  if (docs.length > 1) {
    fail(
      `found ${docs.length} YAML documents; a values file holds exactly one`,
      where(docs[1]!.range[0]),
      'remove the "---" separator and merge the documents, or pass them as separate -f files',
    );
  }
  const doc = docs[0];
  const warnings: Warning[] = [];
  const locations = new Map<string, Position>();
  const empty = doc === undefined || doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null);
  if (empty) return { file, values: {}, locations, warnings };

  const error = doc.errors[0];
  if (error !== undefined) {
    if (/call stack/i.test(error.message)) {
      fail('the YAML nests too deeply to read', where(error.pos[0]), 'values nest a few dozen levels at most; check that this is the right file');
    }
    fail(`not valid YAML: ${firstLine(error.message)}`, where(error.pos[0]), 'fix the YAML syntax at that place (or check that this is the right file)');
  }
  if (!isYamlMap(doc.contents)) {
    const kind = isSeq(doc.contents) ? 'a list' : isScalar(doc.contents) ? 'a single value' : 'not a map';
    fail(`the top level is ${kind}, not a map of keys`, nodeStart(doc.contents, where), 'a values file starts with keys such as "global:"');
  }

  walk(doc.contents, '', { file, where, locations, warnings, fail });

  let values: unknown;
  try {
    values = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (!(e instanceof ReferenceError)) {
      // the yaml package's other refusals while building values: a merge key (<<) whose alias names no map
      fail(`cannot read the YAML: ${firstLine((e as Error).message)}`, undefined, 'a merge key (<<) takes a map, an alias to a map, or a list of those');
    }
    fail(
      `too many YAML aliases: more than ${MAX_ALIAS_COUNT} expansions of "*anchor" references (an alias bomb)`,
      undefined,
      'write the repeated values out, or use fewer aliases',
    );
  }
  // The yaml package gives an alias the very object of its anchor: copied apart, so that no two paths share a
  // value (the values stage lays files in place).
  return { file, values: cloneValues(values as Record<string, unknown>), locations, warnings };
}

/**
 * Finds the position recorded for a path, or for its closest recorded ancestor (values reached through an
 * alias have none of their own).
 *
 * @example
 * ```ts
 * const parsed = parseValuesYaml('global:\n  proxy:\n    resources:\n      requests:\n        cpu: 10m\n', 'values.yaml');
 * locate(parsed.locations, 'global.proxy.resources.requests.cpu'); // { line: 5, col: 9 }
 * ```
 */
export function locate(locations: ReadonlyMap<string, Position>, path: string): Position | undefined {
  for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) {
    const hit = locations.get(p);
    if (hit) return hit;
  }
  return undefined;
}

interface WalkContext {
  file: string;
  where: (offset: number) => Position;
  locations: Map<string, Position>;
  warnings: Warning[];
  fail: (message: string, at: Position | undefined, hint: string) => never;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** Where a node starts. Parsed nodes always carry a range (even an empty key or value); the fallback is defensive. */
function nodeStart(node: unknown, where: (offset: number) => Position): Position {
  /* c8 ignore next */
  return isNode(node) && node.range ? where(node.range[0]) : { line: 1, col: 1 };
}

/** Records key positions, refuses unsafe or non-scalar keys, and warns about duplicates. Aliases are not followed. */
function walk(node: unknown, prefix: string, ctx: WalkContext): void {
  if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const path = joinPath(prefix, i);
      ctx.locations.set(path, nodeStart(item, ctx.where));
      walk(item, path, ctx);
    });
    return;
  }
  if (!isYamlMap(node)) return;
  const seen = new Map<string, { at: Position; value: unknown }>();
  for (const pair of node.items) {
    const keyNode = pair.key as YamlNode | null;
    const at = nodeStart(keyNode, ctx.where);
    if (keyNode !== null && !isScalar(keyNode)) {
      if (isAlias(keyNode)) ctx.fail('an alias used as a map key', at, 'write the key out as plain text');
      ctx.fail('a list or map used as a map key', at, 'use a plain text key');
    }
    if (typeof keyNode?.value === 'symbol') {
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      if (!sources.every((v) => isYamlMap(v) || isAlias(v))) {
        ctx.fail('a merge key (<<) with a value that is not a map', at, 'a merge key (<<) takes a map, an alias to a map, or a list of those');
      }
      walk(pair.value, prefix, ctx); // a YAML merge key `<<`: its entries belong to this map
      continue;
    }
    const key = keyText(keyNode);
    const path = joinPath(prefix, key);
    assertSafeKey(key, { file: ctx.file, ...at, path });
    const earlier = seen.get(key);
    if (earlier) {
      ctx.warnings.push({
        code: 'W_DUPLICATE_KEY',
        message: `duplicate key ${path} (first at line ${earlier.at.line}); the last one wins, as in Helm`,
        place: { file: ctx.file, ...at, path },
      });
      forgetBelow(earlier.value, path, ctx.locations);
    }
    seen.set(key, { at, value: pair.value });
    ctx.locations.set(path, at);
    walk(pair.value, path, ctx);
  }
}

/** A scalar map key as text (`null` and an empty key are ''). */
function keyText(keyNode: YamlNode | null): string {
  return keyNode === null || (keyNode as { value?: unknown }).value === null ? '' : String((keyNode as { value?: unknown }).value);
}

/**
 * Drops the locations recorded below `path` for the value node an overriding duplicate replaces, by walking
 * that node as {@link walk} recorded it: the work is the size of the replaced value, not of the whole file.
 */
function forgetBelow(node: unknown, path: string, locations: Map<string, Position>): void {
  if (isSeq(node)) {
    node.items.forEach((item, i) => {
      locations.delete(joinPath(path, i));
      forgetBelow(item, joinPath(path, i), locations);
    });
  } else if (isYamlMap(node)) {
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      if (typeof (keyNode as { value?: unknown } | null)?.value === 'symbol') {
        forgetBelow(pair.value, path, locations); // merged entries sit at this level
        continue;
      }
      const below = joinPath(path, keyText(keyNode));
      locations.delete(below);
      forgetBelow(pair.value, below, locations);
    }
  }
}
