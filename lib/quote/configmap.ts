/**
 * Escaping for the three nested targets of the injector ConfigMap: the outer YAML document, the YAML document in
 * its `data.config` block scalar, and the Go template (delimiters `[[ ]]`) in that document's `template` block
 * scalar, whose output the injector parses as YAML once more.
 *
 * Every function here returns printable ASCII only and never a line break, so whatever it returns can sit on a
 * line of a block scalar at any depth without changing the scalar's indentation or ending it. The templates call
 * these through Handlebars helpers (`escapeHelpers` in lib/render/templates.ts); they never escape by hand.
 */
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._/@+-]*(?::[A-Za-z0-9._/@+-]+)*$/;

/**
 * The plain scalars that a YAML reader resolves to something other than a string: YAML 1.2's core schema
 * (kubectl) and YAML 1.1's type repository (Go's yaml.v2, the injector). A plain-safe value matches none of them.
 * test/escape-plain.test.ts checks this list against a real YAML reader.
 */
const NOT_TEXT: readonly RegExp[] = [
  /^(?:~|null|Null|NULL)?$/, // null, both
  /^(?:true|True|TRUE|false|False|FALSE)$/, // booleans, 1.2
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/, // booleans 1.1 adds
  /^[-+]?[0-9]+$/, // decimal integers, 1.2
  /^0o[0-7]+$/, // octal, 1.2
  /^0x[0-9a-fA-F]+$/, // hexadecimal, 1.2
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/, // floats, 1.2
  /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/, // infinity and not-a-number, both
  /^[-+]?0b[01_]+$/, // binary, 1.1
  /^[-+]?0[0-7_]+$/, // octal, 1.1
  /^[-+]?[0-9][0-9_]*$/, // decimal with underscores, 1.1
  /^[-+]?0x[0-9a-fA-F_]+$/, // hexadecimal with underscores, 1.1
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/, // floats with an exponent, 1.1
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/, // floats, 1.1
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/, // base-60 integers and floats, 1.1
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[tT]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:[ \t]*(?:Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/, // timestamps, 1.1
  /^<<$/, // merge key, 1.1
  /^=$/, // value key, 1.1
];

/** True when `value` contains a UTF-16 surrogate that is not part of a pair (no target can carry it). */
export function hasLoneSurrogate(value: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

/**
 * True when `value` can be written as a plain (unquoted) YAML scalar and still read back as the same string under
 * both YAML 1.1 (Go's yaml.v2, used by the injector) and YAML 1.2 (kubectl): no indicator characters, no spaces,
 * no `[`/`{` (so never a Go template delimiter), and nothing a YAML schema resolves to a number, boolean or null.
 *
 * @example
 * isPlainSafe('docker.io/istio/proxyv2:0.8.latest'); // true
 * isPlainSafe('0.8');                                // false: a YAML float
 * isPlainSafe('-x');                                 // false: a leading indicator
 */
export function isPlainSafe(value: string): boolean {
  return PLAIN.test(value) && !NOT_TEXT.some((re) => re.test(value));
}

/**
 * The body (without the surrounding quotes) of a YAML double-quoted scalar that reads back as `value`. Printable
 * ASCII other than `"` and `\` is kept; everything else becomes a `\uXXXX` or `\UXXXXXXXX` escape, which both
 * YAML 1.1 and 1.2 readers understand.
 *
 * @example
 * yamlDoubleQuotedBody('a"b\n'); // 'a\\"b\\u000A'
 */
export function yamlDoubleQuotedBody(value: string): string {
  return asciiEscaped(value, 'YAML', (hex) => hex.toUpperCase());
}

/**
 * `value` with `"` and `\` backslash-escaped and every character outside printable ASCII as a `\uXXXX` or
 * `\UXXXXXXXX` escape (hex digits through `digits`): the escapes YAML's and Go's double-quoted strings share.
 */
function asciiEscaped(value: string, target: string, digits: (hex: string) => string): string {
  if (hasLoneSurrogate(value)) throw new TypeError(`internal: a lone UTF-16 surrogate cannot be written as ${target}`);
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp <= 0xffff) out += `\\u${digits(cp.toString(16)).padStart(4, '0')}`;
    else out += `\\U${digits(cp.toString(16)).padStart(8, '0')}`;
  }
  return out;
}

/**
 * A YAML double-quoted scalar that reads back as `value`, in printable ASCII.
 *
 * @example
 * yamlDoubleQuoted('# not a comment'); // '"# not a comment"'
 */
export function yamlDoubleQuoted(value: string): string {
  return `"${yamlDoubleQuotedBody(value)}"`;
}

/**
 * A YAML scalar for the outer document (never executed as a Go template): plain when {@link isPlainSafe},
 * otherwise double-quoted.
 *
 * @example
 * yamlScalar('istio-system'); // 'istio-system'
 * yamlScalar('true');         // '"true"'
 */
export function yamlScalar(value: string): string {
  return isPlainSafe(value) ? value : yamlDoubleQuoted(value);
}

/**
 * A Go interpreted string literal (`"..."`) whose value is `text`. Only meant for ASCII text (what the YAML
 * functions here produce); any other character is written as a `\u`/`\U` escape, which Go also accepts.
 *
 * @example
 * goStringLiteral('say "hi"'); // '"say \\"hi\\""'
 */
export function goStringLiteral(text: string): string {
  return `"${asciiEscaped(text, 'a Go string', (hex) => hex)}"`;
}

/**
 * A YAML scalar for a place in the injection template where the chart writes the value double-quoted. The
 * quoted scalar is written as template text when it holds no `[[` (the template's left delimiter); otherwise the
 * template prints it from a Go string literal, `[[ "..." ]]`, so the injector's output is the quoted scalar
 * exactly.
 *
 * @example
 * injectedQuoted('10.0.0.0/8,172.16.0.0/12'); // '"10.0.0.0/8,172.16.0.0/12"'
 * injectedQuoted('a[[b');                     // '[[ "\\"a[[b\\"" ]]'
 */
export function injectedQuoted(value: string): string {
  const quoted = yamlDoubleQuoted(value);
  return quoted.includes('[[') ? `[[ ${goStringLiteral(quoted)} ]]` : quoted;
}

/**
 * A YAML scalar for a place in the injection template where the chart writes the value bare: plain when
 * {@link isPlainSafe} (plain-safe text never holds `[`), otherwise as {@link injectedQuoted}.
 *
 * @example
 * injectedScalar('docker.io/istio/proxy_init:0.8.latest'); // unchanged
 * injectedScalar('*');                                     // '"*"'
 */
export function injectedScalar(value: string): string {
  return isPlainSafe(value) ? value : injectedQuoted(value);
}

/**
 * A Go string literal to pass as an argument inside a template action whose output lands at a bare YAML
 * position (`image: [[ annotation .ObjectMeta \`k\` ARG ]]`): its value is the YAML scalar for `value`.
 *
 * @example
 * goYamlArgument('hub/proxyv2:1.0'); // '"hub/proxyv2:1.0"'
 * goYamlArgument('a: b');            // '"\\"a: b\\""'
 */
export function goYamlArgument(value: string): string {
  return goStringLiteral(yamlScalar(value));
}

/**
 * A Go string literal to pass as an argument inside a template action that the template already wraps in YAML
 * double quotes (`- "[[ annotation .ObjectMeta \`k\` ARG ]]"`): its value is the double-quoted body for `value`.
 *
 * @example
 * goQuotedArgument('10.0.0.0/8'); // '"10.0.0.0/8"'
 * goQuotedArgument('a"b');        // '"a\\\\\\"b"'
 */
export function goQuotedArgument(value: string): string {
  return goStringLiteral(yamlDoubleQuotedBody(value));
}
