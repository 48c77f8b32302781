/**
 * `-m socket` (iptables-extensions `socket`): matches a packet for which a local socket exists, ignoring
 * listeners bound to the wildcard address (without `--nowildcard`), so packets of a connection TPROXY has
 * already handed to the proxy, or that an application bound to the pod's own address accepts, are only marked
 * and accepted. nft's `socket wildcard 0` is the same test: a socket is found and it is not wildcard-bound.
 */
import type { Match } from '../types.js';

/**
 * Matches packets that belong to an existing local socket that is not a wildcard-bound listener.
 *
 * @example
 * ```ts
 * socket().iptables(); // [['-m', 'socket']]
 * socket().nft();      // 'socket wildcard 0'
 * ```
 */
export function socket(): Match {
  return { kind: 'socket', iptables: () => [['-m', 'socket']], nft: () => 'socket wildcard 0' };
}
