/**
 * `-m owner --uid-owner N` / `--gid-owner N` (iptables-extensions `owner`): matches locally generated packets
 * by the user or group of the socket that sent them. In nft: `meta skuid N` / `meta skgid N`. Only valid in
 * OUTPUT and POSTROUTING, which is where the plan uses it.
 */

/**
 * Matches packets sent by a socket owned by a user id (`which: 'uid'`) or group id (`which: 'gid'`).
 *
 * @example
 * ```ts
 * import type { OwnerMatch } from 'render-injector';
 * const m: OwnerMatch = { kind: 'owner', which: 'uid', id: 1337 };
 * ```
 */
export interface OwnerMatch {
  kind: 'owner';
  /** Whether `id` is the socket's user id or its group id. */
  which: 'uid' | 'gid';
  /** The user or group id, 0..4294967294. */
  id: number;
}

/**
 * Builds an {@link OwnerMatch}.
 *
 * @example
 * ```ts
 * owner('uid', 1337); // { kind: 'owner', which: 'uid', id: 1337 }
 * ```
 */
export function owner(which: 'uid' | 'gid', id: number): OwnerMatch {
  return { kind: 'owner', which, id };
}
