/**
 * `-o IFACE`: matches packets leaving through one interface (iptables(8) `--out-interface`). In nft:
 * `oifname "lo"`.
 */
import { RenderInjectorError } from '../../errors.js';

/**
 * Matches the outgoing interface by name.
 *
 * @example
 * ```ts
 * import type { OutInterfaceMatch } from 'render-injector';
 * const m: OutInterfaceMatch = { kind: 'out-interface', name: 'lo' };
 * ```
 */
export interface OutInterfaceMatch {
  kind: 'out-interface';
  /** A Linux interface name (at most 15 letters, digits, `.`, `_` or `-`). */
  name: string;
}

/**
 * Matches the outgoing interface by name; the plan uses it for loopback (`lo`).
 *
 * @example
 * ```ts
 * outInterface('lo'); // { kind: 'out-interface', name: 'lo' }
 * ```
 */
export function outInterface(name: string): OutInterfaceMatch {
  return { kind: 'out-interface', name };
}

/**
 * Throws E_RENDER unless `name` is a Linux interface name that needs no quoting in iptables or nft words.
 *
 * @example
 * ```ts
 * checkInterfaceName('lo'); // 'lo'
 * ```
 */
export function checkInterfaceName(name: string): string {
  if (!/^[a-zA-Z0-9_.-]{1,15}$/.test(name)) {
    throw new RenderInjectorError('E_RENDER', `interface name ${JSON.stringify(name)} is not a Linux interface name`, {
      hint: 'use at most 15 letters, digits, ".", "_" or "-"',
    });
  }
  return name;
}
