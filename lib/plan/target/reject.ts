/**
 * `-j REJECT` (iptables-extensions `REJECT`, filter table): drops the packet and answers with an ICMP(v6)
 * port-unreachable, so a client fails fast instead of timing out. In nft: `reject` (same default answer).
 */

/**
 * Rejects the packet.
 *
 * @example
 * ```ts
 * import type { RejectTarget } from 'render-injector';
 * const t: RejectTarget = { kind: 'REJECT' };
 * ```
 */
export interface RejectTarget {
  kind: 'REJECT';
}

/**
 * Builds a {@link RejectTarget}.
 *
 * @example
 * ```ts
 * reject(); // { kind: 'REJECT' }
 * ```
 */
export function reject(): RejectTarget {
  return { kind: 'REJECT' };
}
