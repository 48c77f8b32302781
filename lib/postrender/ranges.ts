/**
 * Checks the range values the post-renderer writes into the injection template, and quotes them for each layer
 * they pass through: a Go-template string literal, the inner YAML of `data.config`, the outer YAML stream.
 *
 * The post-renderer receives its values already computed (by `computeRanges` or the caller), so it only checks
 * that they are in the canonical form it can write safely: `*`, the empty string, or comma-separated CIDRs whose
 * address is in canonical text form (dotted decimal without leading zeros; RFC 5952 lower-case IPv6) with no
 * host bits set. Anything else (quotes, brackets, spaces, newlines, template delimiters) is refused.
 */
import { RenderInjectorError } from '../errors.js';

const IPV4_OCTET = /^(?:0|[1-9]\d{0,2})$/;
const PREFIX = /^(?:0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/;

/** Parses a dotted-decimal IPv4 address strictly; `undefined` when it is not canonical. */
function ipv4Value(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!IPV4_OCTET.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

/** Formats 8 IPv6 groups the RFC 5952 way: lower case, no leading zeros, longest zero run (≥2) as `::`. */
function formatIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Parses an IPv6 address given in RFC 5952 canonical form; `undefined` when it is not canonical. */
function ipv6Value(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : (halves[0] as string).split(':');
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : (halves[1] as string).split(':')) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const words = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (!words.every((w) => HEX_GROUP.test(w))) return undefined;
  const groups = words.map((w) => parseInt(w, 16));
  if (formatIpv6(groups) !== text) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Why one CIDR item is not acceptable, or `undefined` when it is. */
function cidrProblem(item: string): string | undefined {
  const slash = item.indexOf('/');
  if (slash < 0) return 'has no /prefix';
  const address = item.slice(0, slash);
  const prefixText = item.slice(slash + 1);
  const v6 = address.includes(':');
  const value = v6 ? ipv6Value(address) : ipv4Value(address);
  if (value === undefined) return `is not a canonical ${v6 ? 'IPv6' : 'IPv4'} address`;
  const bits = v6 ? 128 : 32;
  if (!PREFIX.test(prefixText) || Number(prefixText) > bits) return `has a prefix length outside 0..${bits}`;
  const hostBits = BigInt(bits - Number(prefixText));
  if ((value & ((1n << hostBits) - 1n)) !== 0n) return 'has host bits set';
  return undefined;
}

/**
 * Checks a final range value for `-i`/`-x`: `*`, empty, or comma-separated canonical CIDRs without spaces.
 * Throws `E_CIDR` naming the first bad item, or `E_RANGE_LIST` for a malformed list.
 *
 * @param value the comma-joined value, e.g. `10.0.0.0/8,172.30.0.0/16`
 * @param option which option it came from (`includeIPRanges` or `excludeIPRanges`), used in the error place
 * @returns the same value, proven safe to write into a Go-template string and a YAML scalar
 * @example
 * ```ts
 * checkRangeValue('10.0.0.0/8,fd00::/8', 'includeIPRanges'); // '10.0.0.0/8,fd00::/8'
 * checkRangeValue('10.0.0.1/8', 'includeIPRanges');          // throws E_CIDR (host bits set)
 * ```
 */
export function checkRangeValue(value: string, option: string): string {
  const place = { path: option };
  if (typeof value !== 'string') {
    throw new RenderInjectorError('E_RANGE_LIST', `${option} must be a string, got ${typeof value}`, {
      place,
      hint: 'pass the ranges comma-joined, e.g. "10.0.0.0/8,172.16.0.0/12"',
    });
  }
  if (value === '' || value === '*') return value;
  const items = value.split(',');
  for (const item of items) {
    if (item === '*') {
      throw new RenderInjectorError('E_RANGE_LIST', `${option} ${JSON.stringify(value)} mixes "*" with ranges`, {
        place,
        hint: 'use "*" alone to capture everything, or list ranges without "*"',
      });
    }
    if (item === '') {
      throw new RenderInjectorError('E_RANGE_LIST', `${option} ${JSON.stringify(value)} has an empty item`, {
        place,
        hint: 'remove the extra comma',
      });
    }
    const problem = cidrProblem(item);
    if (problem !== undefined) {
      throw new RenderInjectorError('E_CIDR', `${option} item ${JSON.stringify(item)} ${problem}`, {
        place,
        hint: 'give canonical CIDRs such as 10.0.0.0/8 or fd00::/8, comma-separated, without spaces or quotes',
      });
    }
  }
  return value;
}

/**
 * Quotes a string as a Go string literal in the same style as `original` (a raw `` `…` `` literal stays raw
 * when possible; otherwise an interpreted `"…"` literal with `\` and `"` escaped).
 *
 * @example
 * ```ts
 * goStringLiteral('10.0.0.0/8', '"1.2.3.0/24"'); // '"10.0.0.0/8"'
 * goStringLiteral('*', '`x`');                   // '`*`'
 * ```
 */
export function goStringLiteral(value: string, original: string): string {
  if (original.startsWith('`') && !value.includes('`') && !value.includes('\r')) return `\`${value}\``;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/**
 * Quotes a string for the inside of a YAML double-quoted scalar (without the surrounding quotes).
 *
 * @example
 * ```ts
 * yamlDoubleQuotedBody('10.0.0.0/8'); // '10.0.0.0/8'
 * yamlDoubleQuotedBody('a"b');        // 'a\\"b'
 * ```
 */
export function yamlDoubleQuotedBody(value: string): string {
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
