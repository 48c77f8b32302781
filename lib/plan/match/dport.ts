/**
 * `-m tcp --dport N` (iptables-extensions `tcp`): matches the TCP destination port. In nft: `tcp dport N`.
 */

/**
 * Matches one TCP destination port (1..65535).
 *
 * @example
 * ```ts
 * import type { DportMatch } from 'render-injector';
 * const m: DportMatch = { kind: 'dport', port: 8080 };
 * ```
 */
export interface DportMatch {
  kind: 'dport';
  /** The TCP destination port, 1..65535. */
  port: number;
}

/**
 * Builds a {@link DportMatch}.
 *
 * @example
 * ```ts
 * dport(8080); // { kind: 'dport', port: 8080 }
 * ```
 */
export function dport(port: number): DportMatch {
  return { kind: 'dport', port };
}
