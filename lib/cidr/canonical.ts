/**
 * The canonical form of a CIDR: what the renderers and the post-renderer accept as already computed. A range
 * is canonical when it parses strictly, has an explicit prefix length, no host bits set, and is written exactly
 * as {@link formatCidr} writes it (dotted decimal; RFC 5952 lower-case IPv6 without an IPv4 tail).
 */
import { RenderInjectorError } from '../errors.js';
import { formatCidr } from './format.js';
import { parseCidr } from './parse.js';

/**
 * Why `text` is not a canonical CIDR, or `undefined` when it is.
 *
 * @example
 * ```ts
 * canonicalCidrProblem('10.0.0.0/8');   // undefined
 * canonicalCidrProblem('10.0.0.1/8');   // 'has host bits set (10.0.0.0/8)'
 * canonicalCidrProblem('2001:DB8::/32'); // 'is not in canonical form (2001:db8::/32)'
 * ```
 */
export function canonicalCidrProblem(text: string): string | undefined {
  let parsed;
  try {
    parsed = parseCidr(text);
  } catch (e) {
    return (e as RenderInjectorError).message;
  }
  const canonical = formatCidr(parsed.cidr);
  if (parsed.hostBitsSet) return `has host bits set (${canonical})`;
  if (!text.includes('/')) return `has no /prefix (${canonical})`;
  if (canonical !== text) return `is not in canonical form (${canonical})`;
  return undefined;
}

/**
 * True when `text` is a canonical CIDR, of `family` when one is given.
 *
 * @example
 * ```ts
 * isCanonicalCidr('fd00::/8');          // true
 * isCanonicalCidr('10.0.0.0/8', 6);     // false
 * isCanonicalCidr('010.0.0.0/8');       // false
 * ```
 */
export function isCanonicalCidr(text: string, family?: 4 | 6): boolean {
  if (canonicalCidrProblem(text) !== undefined) return false;
  return family === undefined || (family === 6) === text.includes(':');
}
