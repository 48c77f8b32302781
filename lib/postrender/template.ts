/**
 * Finds and replaces the outbound range arguments inside Istio's sidecar injection template (the Go text/template
 * with `[[ ]]` delimiters held in `data.config` → `template`), for the two shapes the Helm chart renders:
 *
 * - 0.8: an `isset` branch whose `else` arm holds the chart value as a YAML list item:
 *   `[[ if (isset .ObjectMeta.Annotations "traffic.sidecar.istio.io/includeOutboundIPRanges") -]] … [[ else -]]`
 *   then `- "10.0.0.0/8"` then `[[ end -]]`;
 * - 1.0: the `annotation` helper with the chart value as its default, a Go string literal:
 *   ``[[ annotation .ObjectMeta `traffic.sidecar.istio.io/includeOutboundIPRanges` "10.0.0.0/8" ]]``.
 */
import { RenderInjectorError } from '../errors.js';
import { yamlDoubleQuotedBody } from '../quote/configmap.js';
import { goStringLiteralLike, yamlSingleQuotedBody } from '../quote/literal.js';

/**
 * A replacement of `[start, end)` in some text by `text`.
 *
 * @example
 * ```ts
 * const edit: TextEdit = { start: 3, end: 6, text: '"*"' };
 * ```
 */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * The annotation keys whose chart defaults the post-renderer rewrites.
 *
 * @example
 * ```ts
 * RANGE_ANNOTATIONS.includeIPRanges; // 'traffic.sidecar.istio.io/includeOutboundIPRanges'
 * ```
 */
export const RANGE_ANNOTATIONS = {
  includeIPRanges: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
  excludeIPRanges: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
} as const;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Any control action that opens, splits or closes a block. */
const CONTROL_ACTION = /\[\[-?\s*(if|else|end|range|with|define|block)\b(?:[^\]]|\](?!\]))*\]\]/g;

/** Finds the 0.8 shape: the quoted list item in the `else` arm of the `isset` branch for `key`. */
function findIssetDefaults(template: string, key: string, value: string): TextEdit[] {
  const quotedKey = `(?:"${escapeRegExp(key)}"|\`${escapeRegExp(key)}\`)`;
  const opener = new RegExp(
    `\\[\\[-?\\s*if\\s+\\(?\\s*isset\\s+\\.ObjectMeta\\.Annotations\\s+${quotedKey}\\s*\\)?\\s*-?\\]\\]`,
    'g',
  );
  const item = /\s*-[ \t]+("(?:[^"\\\r\n]|\\.)*"|'(?:[^'\r\n]|'')*')[ \t]*(?:\r?\n)\s*(?=\[\[-?\s*end\b)/y;
  const edits: TextEdit[] = [];
  for (const open of template.matchAll(opener)) {
    CONTROL_ACTION.lastIndex = open.index + open[0].length;
    const next = CONTROL_ACTION.exec(template);
    if (next === null || next[1] !== 'else') continue;
    item.lastIndex = next.index + next[0].length;
    const arm = item.exec(template);
    if (arm === null) continue;
    const literal = arm[1] as string;
    const start = item.lastIndex - arm[0].length + arm[0].indexOf(literal);
    const text = literal.startsWith("'") ? `'${yamlSingleQuotedBody(value)}'` : `"${yamlDoubleQuotedBody(value)}"`;
    edits.push({ start, end: start + literal.length, text });
  }
  return edits;
}

/** Finds the 1.0 shape: the default argument of `annotation .ObjectMeta KEY DEFAULT`. */
function findAnnotationDefaults(template: string, key: string, value: string): TextEdit[] {
  const quotedKey = `(?:"${escapeRegExp(key)}"|\`${escapeRegExp(key)}\`)`;
  const call = new RegExp(
    `\\[\\[-?\\s*annotation\\s+\\.ObjectMeta\\s+${quotedKey}\\s+("(?:[^"\\\\\\r\\n]|\\\\.)*"|\`[^\`]*\`)\\s*-?\\]\\]`,
    'g',
  );
  const edits: TextEdit[] = [];
  for (const m of template.matchAll(call)) {
    const literal = m[1] as string;
    const start = m.index + m[0].lastIndexOf(literal);
    edits.push({ start, end: start + literal.length, text: goStringLiteralLike(value, literal) });
  }
  return edits;
}

/**
 * Finds every place in an injection template where the chart's default for `option` is written, in either
 * shape, and returns the edits that put `value` there (already quoted for its spot).
 *
 * @param template the Go template text (decoded, as the injector reads it)
 * @param option `includeIPRanges` or `excludeIPRanges`
 * @param value the checked, comma-joined range value
 * @example
 * ```ts
 * const t = '- "[[ annotation .ObjectMeta `traffic.sidecar.istio.io/includeOutboundIPRanges` "*" ]]"';
 * findRangeArguments(t, 'includeIPRanges', '10.0.0.0/8'); // [{ start: 70, end: 73, text: '"10.0.0.0/8"' }]
 * ```
 */
export function findRangeArguments(template: string, option: keyof typeof RANGE_ANNOTATIONS, value: string): TextEdit[] {
  const key = RANGE_ANNOTATIONS[option];
  return [...findIssetDefaults(template, key, value), ...findAnnotationDefaults(template, key, value)].sort(
    (a, b) => a.start - b.start,
  );
}

/**
 * Applies non-overlapping edits to a text.
 *
 * @example
 * ```ts
 * applyEdits('abcdef', [{ start: 1, end: 3, text: 'XY' }]); // 'aXYdef'
 * ```
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * Computes the edits that replace the include ranges (and, when given, the exclude ranges) in an injection
 * template. Throws `E_STREAM` when the template has no recognisable argument for a requested option.
 *
 * @param template the decoded Go template
 * @param ranges checked values; `excludeIPRanges` is only replaced when present
 * @param where a description of the template's place for the error message, e.g. `document 3`
 * @example
 * ```ts
 * declare const tpl: string; // the decoded `template` of an injector ConfigMap's data.config
 * const edits = templateEdits(tpl, { includeIPRanges: '10.0.0.0/8' }, 'document 1');
 * const patched = applyEdits(tpl, edits);
 * ```
 */
export function templateEdits(
  template: string,
  ranges: { includeIPRanges: string; excludeIPRanges?: string | undefined },
  where: string,
): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const option of ['includeIPRanges', 'excludeIPRanges'] as const) {
    const value = ranges[option];
    if (value === undefined) continue;
    const found = findRangeArguments(template, option, value);
    if (found.length === 0) {
      throw new RenderInjectorError(
        'E_STREAM',
        `${where}: the istio-sidecar-injector template has no recognisable ${RANGE_ANNOTATIONS[option]} default to replace`,
        {
          hint: 'the post-renderer knows the Istio 0.8 (isset … else) and 1.0 (annotation …) template shapes; render the chart with one of them',
        },
      );
    }
    edits.push(...found);
  }
  return edits.sort((a, b) => a.start - b.start);
}
