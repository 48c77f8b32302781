/**
 * Quoting for a literal the post-renderer rewrites in place: the new value is written in the same kind of quotes
 * as the literal it replaces (a Go raw or interpreted string in the 1.0 template, a YAML single- or double-quoted
 * list item in the 0.8 one), so that nothing around it changes. The values have passed `checkRangeValue`
 * (lib/postrender/ranges.ts) before they get here. A double-quoted YAML literal takes the ConfigMap writer's
 * `yamlDoubleQuotedBody` (./configmap.ts) as it is.
 */
import { goStringLiteral } from './configmap.js';

/**
 * Quotes a string as a Go string literal in the same style as `original`: a raw `` `…` `` literal stays raw when
 * the value can be one (no backtick, no carriage return, which Go drops from raw strings); otherwise the
 * ConfigMap writer's interpreted literal ({@link goStringLiteral}).
 *
 * @example
 * ```ts
 * goStringLiteralLike('10.0.0.0/8', '"1.2.3.0/24"'); // '"10.0.0.0/8"'
 * goStringLiteralLike('*', '`x`');                   // '`*`'
 * ```
 */
export function goStringLiteralLike(value: string, original: string): string {
  return original.startsWith('`') && !value.includes('`') && !value.includes('\r') ? `\`${value}\`` : goStringLiteral(value);
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
