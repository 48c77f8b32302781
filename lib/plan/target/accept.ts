/**
 * `-j ACCEPT`: lets the packet through this table's hook (iptables(8)). In nft: `accept`.
 */
import type { Target } from '../types.js';

/**
 * Accepts the packet.
 *
 * @example
 * ```ts
 * accept().nft(); // 'accept'
 * ```
 */
export function accept(): Target {
  return { kind: 'ACCEPT', iptables: () => ['-j', 'ACCEPT'], nft: () => 'accept' };
}
