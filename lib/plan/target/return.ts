/**
 * `-j RETURN`: stops this chain and goes back to the calling one (iptables(8)); here it means "not captured".
 * In nft: `return`.
 */
import type { Target } from '../types.js';

/**
 * Returns to the calling chain.
 *
 * @example
 * ```ts
 * returnTarget().iptables(); // ['-j', 'RETURN']
 * ```
 */
export function returnTarget(): Target {
  return { kind: 'RETURN', iptables: () => ['-j', 'RETURN'], nft: () => 'return' };
}
