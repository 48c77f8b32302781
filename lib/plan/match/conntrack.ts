/**
 * `-m conntrack --ctstate ESTABLISHED` (iptables-extensions `conntrack`): matches packets of connections the
 * kernel has already seen in both directions. Istio 0.8 wrote the older `-m state --state ESTABLISHED`, which
 * means the same. In nft: `ct state established`.
 */
import type { Match } from '../types.js';

/**
 * Matches packets of established connections.
 *
 * @example
 * ```ts
 * established().iptables(); // [['-m', 'conntrack', '--ctstate', 'ESTABLISHED']]
 * ```
 */
export function established(): Match {
  return {
    kind: 'conntrack',
    iptables: () => [['-m', 'conntrack', '--ctstate', 'ESTABLISHED']],
    nft: () => 'ct state established',
  };
}
