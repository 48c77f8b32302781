/**
 * `-j RETURN`: stops this chain and goes back to the calling one (iptables(8)); here it means "not captured".
 * In nft: `return`.
 */

/**
 * Returns to the calling chain.
 *
 * @example
 * ```ts
 * import type { ReturnTarget } from 'render-injector';
 * const t: ReturnTarget = { kind: 'RETURN' };
 * ```
 */
export interface ReturnTarget {
  kind: 'RETURN';
}

/**
 * Builds a {@link ReturnTarget}.
 *
 * @example
 * ```ts
 * returnTarget(); // { kind: 'RETURN' }
 * ```
 */
export function returnTarget(): ReturnTarget {
  return { kind: 'RETURN' };
}
