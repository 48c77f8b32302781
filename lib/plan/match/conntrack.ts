/**
 * `-m conntrack --ctstate ESTABLISHED,RELATED` (iptables-extensions `conntrack`): matches packets of connections
 * the kernel has already seen in both directions, and packets related to them, such as the ICMPv6 "packet too
 * big" that path-MTU discovery needs. Istio 0.8 wrote `-m state --state ESTABLISHED`, without the related ones.
 * In nft: `ct state established,related`.
 */
import type { Match } from '../types.js';

/**
 * Matches packets of established connections and the packets related to them.
 *
 * @example
 * ```ts
 * established().iptables(); // [['-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED']]
 * ```
 */
export function established(): Match {
  return {
    kind: 'conntrack',
    iptables: () => [['-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED']],
    nft: () => 'ct state established,related',
  };
}
