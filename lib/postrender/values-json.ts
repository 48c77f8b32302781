/**
 * Today's Istio (1.5 on, the istiod era) keeps the ranges in the `data.values` JSON of the
 * `istio-sidecar-injector[-<revision>]` ConfigMap (`global.proxy.includeIPRanges` / `excludeIPRanges`); the
 * injection templates in `data.config` read them per pod. This module finds those two string values in the JSON
 * text and replaces just their bytes: every other key keeps its order, indentation and spelling.
 */
import { RenderInjectorError } from '../errors.js';
import type { TextEdit } from './template.js';

/**
 * Where a JSON string value sits in a text: `[start, end)` covers the quotes.
 *
 * @example
 * ```ts
 * const at: JsonStringAt = { start: 10, end: 13, value: '*' };
 * ```
 */
export interface JsonStringAt {
  start: number;
  end: number;
  /** The decoded string. */
  value: string;
}

/** The two keys under `global.proxy` that hold the ranges. */
export const VALUES_RANGE_KEYS = ['includeIPRanges', 'excludeIPRanges'] as const;

/** The key path of the ranges in the values JSON, e.g. `global.proxy.includeIPRanges`. */
export const valuesRangePath = (key: (typeof VALUES_RANGE_KEYS)[number]): string[] => ['global', 'proxy', key];

const WS = /[ \t\r\n]*/y;

function skipWs(text: string, i: number): number {
  WS.lastIndex = i;
  WS.exec(text);
  return WS.lastIndex;
}

/** The end of the JSON string token starting at `i` (a `"`). The text is known to be valid JSON. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** The end of the JSON value starting at `i`. The text is known to be valid JSON. */
function valueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    let j = i;
    for (;;) {
      const d = text[j];
      if (d === '"') {
        j = stringEnd(text, j);
        continue;
      }
      if (d === '{' || d === '[') depth += 1;
      else if (d === '}' || d === ']') {
        depth -= 1;
        if (depth === 0) return j + 1;
      }
      j += 1;
    }
  }
  const scalar = /[^\s,\]}]*/y;
  scalar.lastIndex = i;
  scalar.exec(text);
  return scalar.lastIndex;
}

/** The members of the JSON object starting at `i` (a `{`): each key with its value's start offset. */
function members(text: string, i: number): Array<{ key: string; at: number }> {
  const out: Array<{ key: string; at: number }> = [];
  let j = skipWs(text, i + 1);
  while (text[j] === '"') {
    const keyEnd = stringEnd(text, j);
    const key = JSON.parse(text.slice(j, keyEnd)) as string;
    const at = skipWs(text, skipWs(text, keyEnd) + 1);
    out.push({ key, at });
    j = skipWs(text, valueEnd(text, at));
    if (text[j] === ',') j = skipWs(text, j + 1);
  }
  return out;
}

/**
 * Finds the string value at a key path in a JSON text and returns its offsets, or `undefined` when a key on the
 * path is missing. Throws `E_STREAM` when the text is not JSON, when a key on the path is not an object or not a
 * string, or when a key on the path appears twice (which value counts would depend on the reader).
 *
 * @param text the JSON text (e.g. the `data.values` of an injector ConfigMap)
 * @param path the keys from the top, e.g. `['global', 'proxy', 'includeIPRanges']`
 * @param where how to name the text in errors, e.g. `document 12 (data.values)`
 * @example
 * ```ts
 * locateJsonString('{"global":{"proxy":{"includeIPRanges":"*"}}}', ['global', 'proxy', 'includeIPRanges'], 'x');
 * // { start: 38, end: 41, value: '*' }
 * ```
 */
export function locateJsonString(text: string, path: readonly string[], where: string): JsonStringAt | undefined {
  try {
    JSON.parse(text);
  } catch (e) {
    throw new RenderInjectorError('E_STREAM', `${where} is not JSON: ${(e as Error).message}`, {
      hint: "data.values must hold the chart's values as JSON, as istioctl and the istiod chart render it",
    });
  }
  let at = skipWs(text, 0);
  for (const [depth, key] of path.entries()) {
    const so = path.slice(0, depth).join('.') || 'the top level';
    if (text[at] !== '{') {
      throw new RenderInjectorError('E_STREAM', `${where}: ${so} is not an object`, { hint: 'data.values must be the JSON of the chart values' });
    }
    const found = members(text, at).filter((m) => m.key === key);
    if (found.length === 0) return undefined;
    if (found.length > 1) {
      throw new RenderInjectorError('E_STREAM', `${where}: key ${path.slice(0, depth + 1).join('.')} appears ${found.length} times`, {
        hint: 'remove the duplicate keys from the values JSON',
      });
    }
    at = (found[0] as { at: number }).at;
  }
  if (text[at] !== '"') {
    throw new RenderInjectorError('E_STREAM', `${where}: ${path.join('.')} is not a string`, {
      hint: 'Istio reads the ranges as one comma-separated string, e.g. "10.0.0.0/8,fd00::/8"',
    });
  }
  const end = stringEnd(text, at);
  return { start: at, end, value: JSON.parse(text.slice(at, end)) as string };
}

/**
 * The current range values of a values JSON: `includeIPRanges` and `excludeIPRanges` under `global.proxy`, each
 * `undefined` when the key is missing.
 *
 * @example
 * ```ts
 * readValuesRanges('{"global":{"proxy":{"includeIPRanges":"*","excludeIPRanges":""}}}', 'x');
 * // { includeIPRanges: { start: …, end: …, value: '*' }, excludeIPRanges: { …, value: '' } }
 * ```
 */
export function readValuesRanges(text: string, where: string): Record<(typeof VALUES_RANGE_KEYS)[number], JsonStringAt | undefined> {
  return {
    includeIPRanges: locateJsonString(text, valuesRangePath('includeIPRanges'), where),
    excludeIPRanges: locateJsonString(text, valuesRangePath('excludeIPRanges'), where),
  };
}

/**
 * The edits on a values JSON text that set `global.proxy.includeIPRanges` (and `excludeIPRanges` when given) to
 * checked range values. Throws `E_STREAM` when a key to set is missing: the istiod chart always renders both, so a
 * values JSON without them is not one the injector reads the ranges from.
 *
 * @param text the JSON text
 * @param ranges the values to write; `excludeIPRanges` only when present
 * @param where how to name the text in errors
 * @example
 * ```ts
 * const text = '{"global":{"proxy":{"includeIPRanges":"*","excludeIPRanges":""}}}';
 * valuesJsonEdits(text, { includeIPRanges: '10.0.0.0/8' }, 'x'); // [{ start: 38, end: 41, text: '"10.0.0.0/8"' }]
 * ```
 */
export function valuesJsonEdits(text: string, ranges: { includeIPRanges: string; excludeIPRanges?: string | undefined }, where: string): TextEdit[] {
  const current = readValuesRanges(text, where);
  const edits: TextEdit[] = [];
  for (const key of VALUES_RANGE_KEYS) {
    const value = ranges[key];
    if (value === undefined) continue;
    const at = current[key];
    if (at === undefined) {
      throw new RenderInjectorError('E_STREAM', `${where} has no ${valuesRangePath(key).join('.')} to replace`, {
        hint: 'give the ConfigMap as the istiod chart or istioctl renders it (its values hold global.proxy.includeIPRanges and excludeIPRanges)',
      });
    }
    // Range values are checked: CIDR characters, "*" and commas only, so the JSON string needs no escapes.
    edits.push({ start: at.start, end: at.end, text: JSON.stringify(value) });
  }
  return edits;
}
