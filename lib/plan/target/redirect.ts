/**
 * `-j REDIRECT --to-ports N` (iptables-extensions `REDIRECT`, nat table only): rewrites the destination to a
 * local address and port N; the original destination stays in conntrack, where the proxy reads it back with
 * `SO_ORIGINAL_DST`. In nft: `redirect to :N`.
 */

/**
 * Redirects to a local port.
 *
 * @example
 * ```ts
 * import type { RedirectTarget } from 'render-injector';
 * const t: RedirectTarget = { kind: 'REDIRECT', port: 15001 };
 * ```
 */
export interface RedirectTarget {
  kind: 'REDIRECT';
  /** The proxy's port, 1..65535. */
  port: number;
}

/**
 * Builds a {@link RedirectTarget}.
 *
 * @example
 * ```ts
 * redirect(15001); // { kind: 'REDIRECT', port: 15001 }
 * ```
 */
export function redirect(port: number): RedirectTarget {
  return { kind: 'REDIRECT', port };
}
