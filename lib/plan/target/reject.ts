/**
 * `-j REJECT` (iptables-extensions `REJECT`, filter table): drops the packet and answers with an ICMP(v6)
 * port-unreachable, so a client fails fast instead of timing out. In nft: `reject` (same default answer).
 */
import type { Target } from '../types.js';

/**
 * Rejects the packet.
 *
 * @example
 * ```ts
 * reject().iptables(); // ['-j', 'REJECT']
 * ```
 */
export function reject(): Target {
  return { kind: 'REJECT', iptables: () => ['-j', 'REJECT'], nft: () => 'reject' };
}
