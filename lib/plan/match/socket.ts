/**
 * `-m socket` (iptables-extensions `socket`): matches a packet for which a local socket exists, ignoring
 * listeners bound to the wildcard address (without `--nowildcard`), so packets of a connection TPROXY has
 * already handed to the proxy, or that an application bound to the pod's own address accepts, are only marked
 * and accepted. nft's `socket wildcard 0` is the same test: a socket is found and it is not wildcard-bound.
 */

/**
 * Matches packets that belong to an existing local socket that is not a wildcard-bound listener.
 *
 * @example
 * ```ts
 * import type { SocketMatch } from 'render-injector';
 * const m: SocketMatch = { kind: 'socket' };
 * ```
 */
export interface SocketMatch {
  kind: 'socket';
}

/**
 * Builds a {@link SocketMatch}.
 *
 * @example
 * ```ts
 * socket(); // { kind: 'socket' }
 * ```
 */
export function socket(): SocketMatch {
  return { kind: 'socket' };
}
