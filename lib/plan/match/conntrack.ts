/**
 * `-m conntrack --ctstate ESTABLISHED,RELATED` (iptables-extensions `conntrack`): matches packets of connections
 * the kernel has already seen in both directions, and packets related to them, such as the ICMPv6 "packet too
 * big" that path-MTU discovery needs. Istio 0.8 wrote `-m state --state ESTABLISHED`, without the related ones.
 * In nft: `ct state established,related`.
 */

/** A connection-tracking state the plan matches on (iptables-extensions `conntrack --ctstate`). */
export type ConntrackState = 'ESTABLISHED' | 'RELATED';

/**
 * Matches packets whose connection is in one of `states`.
 *
 * @example
 * ```ts
 * import type { ConntrackMatch } from 'render-injector';
 * const m: ConntrackMatch = { kind: 'conntrack', states: ['ESTABLISHED', 'RELATED'] };
 * ```
 */
export interface ConntrackMatch {
  kind: 'conntrack';
  /** The states matched, in the order written. */
  states: ConntrackState[];
}

/**
 * Matches packets of established connections and the packets related to them.
 *
 * @example
 * ```ts
 * established(); // { kind: 'conntrack', states: ['ESTABLISHED', 'RELATED'] }
 * ```
 */
export function established(): ConntrackMatch {
  return { kind: 'conntrack', states: ['ESTABLISHED', 'RELATED'] };
}
