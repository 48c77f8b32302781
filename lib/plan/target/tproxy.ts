/**
 * `-j TPROXY --tproxy-mark M/0xffffffff --on-port N` (iptables-extensions `TPROXY`, mangle PREROUTING only):
 * hands the packet to a local transparent socket on port N without rewriting it, and sets mark M so the
 * fwmark policy route delivers it locally. In nft: `tproxy to :N meta mark set M accept` (nft's tproxy does
 * not end the rule, so the mark and the verdict follow it).
 */

/**
 * Transparently proxies to a local port and marks the packet.
 *
 * @example
 * ```ts
 * import type { TproxyTarget } from 'render-injector';
 * const t: TproxyTarget = { kind: 'TPROXY', port: 15001, mark: 1337 };
 * ```
 */
export interface TproxyTarget {
  kind: 'TPROXY';
  /** The proxy's port, 1..65535. */
  port: number;
  /** The fwmark the policy route looks for, 1..4294967295. */
  mark: number;
}

/**
 * Builds a {@link TproxyTarget}.
 *
 * @example
 * ```ts
 * tproxy(15001, 1337); // { kind: 'TPROXY', port: 15001, mark: 1337 }
 * ```
 */
export function tproxy(port: number, mark: number): TproxyTarget {
  return { kind: 'TPROXY', port, mark };
}
