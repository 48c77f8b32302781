/**
 * `-j CHAIN`: continues in one of our chains; a RETURN there comes back here (iptables(8) `--jump`). In nft:
 * `jump CHAIN`.
 */

/**
 * Jumps to a chain of the same table.
 *
 * @example
 * ```ts
 * import type { JumpTarget } from 'render-injector';
 * const t: JumpTarget = { kind: 'jump', chain: 'ISTIO_REDIRECT' };
 * ```
 */
export interface JumpTarget {
  kind: 'jump';
  /** One of our chains (`[A-Z][A-Z0-9_]*`, at most 28 characters). */
  chain: string;
}

/**
 * Builds a {@link JumpTarget}.
 *
 * @example
 * ```ts
 * jump('ISTIO_REDIRECT'); // { kind: 'jump', chain: 'ISTIO_REDIRECT' }
 * ```
 */
export function jump(chain: string): JumpTarget {
  return { kind: 'jump', chain };
}
