/**
 * `-m socket` (iptables-extensions `socket`): matches a packet for which a local socket already exists, so
 * packets of a connection TPROXY has already handed to the proxy are only marked and accepted. nft has no
 * "any socket" test; `socket transparent 1` matches sockets with IP_TRANSPARENT, which is what a TPROXY
 * listener and the connections it accepts carry, so both forms select the proxy's connections.
 */
import type { Match } from '../types.js';

/**
 * Matches packets that belong to an existing local socket.
 *
 * @example
 * ```ts
 * socket().iptables(); // [['-m', 'socket']]
 * socket().nft();      // 'socket transparent 1'
 * ```
 */
export function socket(): Match {
  return { kind: 'socket', iptables: () => [['-m', 'socket']], nft: () => 'socket transparent 1' };
}
