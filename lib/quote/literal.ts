/**
 * Quoting for a literal the post-renderer rewrites in place: the new value is written in the same kind of quotes
 * as the literal it replaces (a Go raw or interpreted string in the 1.0 template, a YAML single- or double-quoted
 * list item in the 0.8 one), so that nothing around it changes. The values have passed `checkRangeValue`
 * (lib/postrender/ranges.ts) before they get here.
 */

/**
 * Quotes a string as a Go string literal in the same style as `original` (a raw `` `…` `` literal stays raw
 * when possible; otherwise an interpreted `"…"` literal with `\` and `"` escaped, `\n` and `\r` short-escaped,
 * other characters kept; the ConfigMap writer's `goStringLiteral` in ./configmap.ts always writes an interpreted
 * literal in printable ASCII).
 *
 * @example
 * ```ts
 * goStringLiteralLike('10.0.0.0/8', '"1.2.3.0/24"'); // '"10.0.0.0/8"'
 * goStringLiteralLike('*', '`x`');                   // '`*`'
 * ```
 */
export function goStringLiteralLike(value: string, original: string): string {
  if (original.startsWith('`') && !value.includes('`') && !value.includes('\r')) return `\`${value}\``;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/**
 * Quotes a string for the inside of a YAML double-quoted scalar (without the surrounding quotes) with YAML's short
 * escapes: `\\`, `\"`, `\n`, `\r`, `\t`; every other character is kept as it is. (The ConfigMap writer's
 * `yamlDoubleQuotedBody` in ./configmap.ts writes printable ASCII only, `\u` escapes for the rest.)
 *
 * @example
 * ```ts
 * yamlDoubleQuotedBodyShort('10.0.0.0/8'); // '10.0.0.0/8'
 * yamlDoubleQuotedBodyShort('a"b');        // 'a\\"b'
 * ```
 */
export function yamlDoubleQuotedBodyShort(value: string): string {
  return value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

/**
 * Quotes a string for the inside of a YAML single-quoted scalar (without the surrounding quotes).
 *
 * @example
 * ```ts
 * yamlSingleQuotedBody("it's"); // "it''s"
 * ```
 */
export function yamlSingleQuotedBody(value: string): string {
  return value.replace(/'/g, "''");
}
