/**
 * `-p tcp`: matches packets of one transport protocol (iptables(8) `--protocol`). In nft: `meta l4proto tcp`,
 * which works for both address families. `ipv6-icmp` is ICMPv6 (protocol 58), the name both ip6tables and nft
 * know.
 */

/**
 * Matches one transport protocol.
 *
 * @example
 * ```ts
 * import type { ProtocolMatch } from 'render-injector';
 * const m: ProtocolMatch = { kind: 'protocol', protocol: 'tcp' };
 * ```
 */
export interface ProtocolMatch {
  kind: 'protocol';
  /** `tcp`, or `ipv6-icmp` (ICMPv6). */
  protocol: 'tcp' | 'ipv6-icmp';
}

/**
 * Matches one protocol; the plan captures only TCP, and lets ICMPv6 through the IPv6 inbound lockdown.
 *
 * @example
 * ```ts
 * protocol('tcp'); // { kind: 'protocol', protocol: 'tcp' }
 * ```
 */
export function protocol(name: 'tcp' | 'ipv6-icmp'): ProtocolMatch {
  return { kind: 'protocol', protocol: name };
}
