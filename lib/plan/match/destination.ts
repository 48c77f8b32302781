/**
 * `-d CIDR` / `! -d CIDR`: matches the destination address (iptables(8) `--destination`). A destination over
 * several ranges becomes one iptables rule per range, and in nft one rule against a named interval set
 * (`ip daddr @include4`), which is what sets are for.
 */

/**
 * Matches packets whose destination is inside one of `cidrs` (canonical, all of one family); with `negate`,
 * every address but those.
 *
 * @example
 * ```ts
 * import type { DestinationMatch } from 'render-injector';
 * const m: DestinationMatch = { kind: 'destination', cidrs: ['192.0.2.0/24'], negate: false, set: 'include4' };
 * ```
 */
export interface DestinationMatch {
  kind: 'destination';
  /** Canonical CIDRs of one family; at least one. */
  cidrs: string[];
  /** Match every address but these (`! -d`, `daddr !=`). */
  negate: boolean;
  /** Name of the nft set (`[a-z][a-z0-9_]*`) that holds the ranges; without it nft writes them inline. */
  set?: string;
}

/** Options of {@link destination}. */
export interface DestinationOptions {
  /** Match every address but these (`! -d`, `daddr !=`). */
  negate?: boolean;
  /** Name of the nft set that holds the ranges; without it the ranges are written inline. */
  set?: string;
}

/**
 * Matches packets whose destination is inside one of `cidrs` (all of one family, canonical).
 *
 * @example
 * ```ts
 * destination(['127.0.0.1/32'], { negate: true }); // { kind: 'destination', cidrs: ['127.0.0.1/32'], negate: true }
 * destination(['10.0.0.0/8', '192.0.2.0/24'], { set: 'include4' }).set; // 'include4'
 * ```
 */
export function destination(cidrs: string[], options: DestinationOptions = {}): DestinationMatch {
  return { kind: 'destination', cidrs: [...cidrs], negate: options.negate === true, ...(options.set !== undefined ? { set: options.set } : {}) };
}
