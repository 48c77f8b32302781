/**
 * `-p tcp`: matches packets of one transport protocol (iptables(8) `--protocol`). In nft: `meta l4proto tcp`,
 * which works for both address families.
 */
import type { Match } from '../types.js';

/**
 * Matches one transport protocol; the plan only ever captures TCP.
 *
 * @example
 * ```ts
 * protocol('tcp').iptables(); // [['-p', 'tcp']]
 * protocol('tcp').nft();      // 'meta l4proto tcp'
 * ```
 */
export function protocol(name: 'tcp'): Match {
  return { kind: 'protocol', iptables: () => [['-p', name]], nft: () => `meta l4proto ${name}` };
}
