/**
 * `-m owner --uid-owner N` / `--gid-owner N` (iptables-extensions `owner`): matches locally generated packets
 * by the user or group of the socket that sent them. In nft: `meta skuid N` / `meta skgid N`. Only valid in
 * OUTPUT and POSTROUTING, which is where the plan uses it.
 */
import { checkInteger } from '../check.js';
import type { Match } from '../types.js';

/**
 * Matches packets sent by a socket owned by a user id (`which: 'uid'`) or group id (`which: 'gid'`).
 *
 * @example
 * ```ts
 * owner('uid', 1337).iptables(); // [['-m', 'owner', '--uid-owner', '1337']]
 * owner('gid', 1337).nft();      // 'meta skgid 1337'
 * ```
 */
export function owner(which: 'uid' | 'gid', id: number): Match {
  checkInteger(id, 0, 4294967294, which);
  return {
    kind: 'owner',
    iptables: () => [['-m', 'owner', `--${which}-owner`, String(id)]],
    nft: () => `meta sk${which} ${id}`,
  };
}
