/**
 * `-d CIDR` / `! -d CIDR`: matches the destination address (iptables(8) `--destination`). A destination over
 * several ranges becomes one iptables rule per range, and in nft one rule against a named interval set
 * (`ip daddr @include4`), which is what sets are for.
 */
import { RenderInjectorError } from '../../errors.js';
import { checkCidr, familyOf } from '../check.js';
import type { Match, NftSet } from '../types.js';

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
 * destination(['127.0.0.1/32'], { negate: true }).iptables(); // [['!', '-d', '127.0.0.1/32']]
 * destination(['10.0.0.0/8', '192.0.2.0/24'], { set: 'include4' }).nft(); // 'ip daddr @include4'
 * ```
 */
export function destination(cidrs: string[], options: DestinationOptions = {}): Match {
  const first = cidrs[0];
  if (first === undefined) {
    throw new RenderInjectorError('E_RENDER', 'a destination match needs at least one range', {
      hint: 'leave the rule out when there is no range to match',
    });
  }
  const family = familyOf(first);
  for (const c of cidrs) checkCidr(c, family);
  if (options.set !== undefined && !/^[a-z][a-z0-9_]{0,30}$/.test(options.set)) {
    throw new RenderInjectorError('E_RENDER', `nft set name ${JSON.stringify(options.set)} is not lower-case letters, digits and _`, {
      hint: 'name sets like include4',
    });
  }
  const not = options.negate === true;
  const key = family === 'ipv4' ? 'ip daddr' : 'ip6 daddr';
  const nftSet: NftSet | undefined = options.set === undefined ? undefined : { name: options.set, family, elements: [...cidrs] };
  const value = nftSet ? `@${nftSet.name}` : cidrs.length === 1 ? first : `{ ${cidrs.join(', ')} }`;
  return {
    kind: 'destination',
    iptables: () => cidrs.map((c) => (not ? ['!', '-d', c] : ['-d', c])),
    nft: () => `${key}${not ? ' !=' : ''} ${value}`,
    ...(nftSet ? { nftSet } : {}),
  };
}
