/**
 * `-j ACCEPT`: lets the packet through this table's hook (iptables(8)). In nft: `accept`.
 */

/**
 * Accepts the packet.
 *
 * @example
 * ```ts
 * import type { AcceptTarget } from 'render-injector';
 * const t: AcceptTarget = { kind: 'ACCEPT' };
 * ```
 */
export interface AcceptTarget {
  kind: 'ACCEPT';
}

/**
 * Builds an {@link AcceptTarget}.
 *
 * @example
 * ```ts
 * accept(); // { kind: 'ACCEPT' }
 * ```
 */
export function accept(): AcceptTarget {
  return { kind: 'ACCEPT' };
}
