/**
 * `-o IFACE`: matches packets leaving through one interface (iptables(8) `--out-interface`). In nft:
 * `oifname "lo"`.
 */
import { RenderInjectorError } from '../../errors.js';
import type { Match } from '../types.js';

/**
 * Matches the outgoing interface by name; the plan uses it for loopback (`lo`).
 *
 * @example
 * ```ts
 * outInterface('lo').iptables(); // [['-o', 'lo']]
 * ```
 */
export function outInterface(name: string): Match {
  checkInterfaceName(name);
  return { kind: 'out-interface', iptables: () => [['-o', name]], nft: () => `oifname "${name}"` };
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
