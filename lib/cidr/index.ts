/**
 * The strict IPv4/IPv6 CIDR engine: parse and format blocks, parse Istio range lists, and compute with address
 * sets (merge, subtract, intersect, contains, overlaps) in one canonical order.
 *
 * @example
 * ```ts
 * import { parseRangeList, effectiveRanges, formatCidr } from '../lib/cidr/index.js';
 * const { ipv4 } = effectiveRanges(parseRangeList('10.0.0.0/8'), parseRangeList('10.96.0.0/12'));
 * ipv4.map(formatCidr).join(','); // '10.0.0.0/10,10.64.0.0/11,10.112.0.0/12,10.128.0.0/9'
 * ```
 */
export type { Family, Cidr, Cidr4, Cidr6, RangeList } from './types.js';
export type { ParsedCidr } from './parse.js';
export { parseCidr } from './parse.js';
export { formatCidr, formatIPv4, formatIPv6 } from './format.js';
export { ALL_IPV4, ALL_IPV6 } from './block.js';
export { compareCidrs, mergeCidrs, subtractCidrs, intersectCidrs, containsCidr, overlapsCidrs, overlapsEach } from './algebra.js';
export { parseRangeList, effectiveRanges } from './range-list.js';
export { mergeCidrTexts, mergeCidrLines, subtractCidrTexts } from './bulk.js';
export { canonicalCidrProblem, isCanonicalCidr } from './canonical.js';
