/**
 * `-p tcp`: matches packets of one transport protocol (iptables(8) `--protocol`). In nft: `meta l4proto tcp`,
 * which works for both address families. `ipv6-icmp` is ICMPv6 (protocol 58), the name both ip6tables and nft
 * know.
 */
import type { Match } from '../types.js';

/**
 * Matches one protocol; the plan captures only TCP, and lets ICMPv6 through the IPv6 inbound lockdown.
 *
 * @example
 * ```ts
 * protocol('tcp').iptables(); // [['-p', 'tcp']]
 * protocol('tcp').nft();      // 'meta l4proto tcp'
 * ```
 */
export function protocol(name: 'tcp' | 'ipv6-icmp'): Match {
  return { kind: 'protocol', iptables: () => [['-p', name]], nft: () => `meta l4proto ${name}` };
}
