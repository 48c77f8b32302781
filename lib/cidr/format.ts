/**
 * Text form of a block: IPv4 dotted decimal, IPv6 in RFC 5952 canonical form.
 */
import type { Cidr } from './types.js';

const DECIMAL: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));
const SLASH: readonly string[] = Array.from({ length: 129 }, (_, i) => `/${i}`);

/**
 * Formats an IPv4 address given as an unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * formatIPv4(0x0a000001); // '10.0.0.1'
 * ```
 */
export function formatIPv4(n: number): string {
  return `${DECIMAL[n >>> 24]}.${DECIMAL[(n >>> 16) & 255]}.${DECIMAL[(n >>> 8) & 255]}.${DECIMAL[n & 255]}`;
}

/**
 * Formats an IPv6 address given as an unsigned 128-bit bigint, per RFC 5952: lowercase hex without leading zeros,
 * the first longest run of two or more zero groups written as `::`, and never an IPv4 tail.
 *
 * @example
 * ```ts
 * formatIPv6(1n); // '::1'
 * ```
 */
export function formatIPv6(n: bigint): string {
  // 64-bit halves would lose precision as numbers, so split into 32-bit words through bigint once each.
  const words = [
    Number((n >> 96n) & 0xffffffffn),
    Number((n >> 64n) & 0xffffffffn),
    Number((n >> 32n) & 0xffffffffn),
    Number(n & 0xffffffffn),
  ];
  const groups: number[] = [];
  for (const w of words) groups.push(w >>> 16, w & 0xffff);
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestAt < 0) return hex.join(':');
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLen).join(':')}`;
}

/**
 * Formats a block as `address/prefix`: IPv4 dotted decimal, IPv6 RFC 5952 canonical (lowercase, longest zero run
 * compressed, no IPv4 tail). The prefix is always written, even for a single address.
 *
 * @example
 * ```ts
 * formatCidr(parseCidr('2001:DB8:0:0::/32').cidr); // '2001:db8::/32'
 * ```
 */
export function formatCidr(c: Cidr): string {
  return (c.family === 4 ? formatIPv4(c.first) : formatIPv6(c.first)) + SLASH[c.prefix];
}
