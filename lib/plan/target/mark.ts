/**
 * `-j MARK --set-mark M` (iptables-extensions `MARK`): sets the packet's fwmark, which `ip rule fwmark`
 * routing reads. In nft: `meta mark set M`.
 */

/**
 * Sets the packet mark (a non-terminating target: the chain goes on).
 *
 * @example
 * ```ts
 * import type { MarkTarget } from 'render-injector';
 * const t: MarkTarget = { kind: 'MARK', mark: 1337 };
 * ```
 */
export interface MarkTarget {
  kind: 'MARK';
  /** The fwmark, 1..4294967295. */
  mark: number;
}

/**
 * Builds a {@link MarkTarget}.
 *
 * @example
 * ```ts
 * mark(1337); // { kind: 'MARK', mark: 1337 }
 * ```
 */
export function mark(value: number): MarkTarget {
  return { kind: 'MARK', mark: value };
}
