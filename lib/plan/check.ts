/**
 * Last-line checks on the words that go into a rule. User values are validated once, at the settings boundary
 * (`lib/values/settings.ts`), with their origins; these checks guard the typed rule values themselves, so a rule
 * built by hand cannot carry an unsafe word into a script or ruleset (E_RENDER).
 */
import { RenderInjectorError } from '../errors.js';
import type { Family } from './types.js';
import { isCanonicalCidr as isCanonical } from '../cidr/canonical.js';

/**
 * Throws E_RENDER unless `n` is an integer in `[min, max]`.
 *
 * @example
 * ```ts
 * checkInteger(15001, 1, 65535, 'proxy port'); // ok
 * ```
 */
export function checkInteger(n: unknown, min: number, max: number, what: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new RenderInjectorError('E_RENDER', `${what} ${JSON.stringify(n)} is not an integer from ${min} to ${max}`, {
      hint: `give ${what} as a whole number between ${min} and ${max}`,
    });
  }
  return n;
}

/**
 * Throws E_RENDER unless `name` is a chain name we can write unquoted everywhere (`[A-Z][A-Z0-9_]*`, at most 28).
 *
 * @example
 * ```ts
 * checkChainName('ISTIO_OUTPUT'); // ok
 * ```
 */
export function checkChainName(name: string): string {
  if (!/^[A-Z][A-Z0-9_]{0,27}$/.test(name)) {
    throw new RenderInjectorError('E_RENDER', `chain name ${JSON.stringify(name)} is not upper-case letters, digits and _`, {
      hint: 'name chains like ISTIO_OUTPUT (at most 28 characters)',
    });
  }
  return name;
}

/**
 * True when `cidr` is a canonical CIDR of `family` (strict syntax, RFC 5952 for IPv6, no host bits set); the
 * one definition is `lib/cidr`'s.
 *
 * @example
 * ```ts
 * isCanonicalCidr('10.0.0.0/8', 'ipv4'); // true
 * isCanonicalCidr('10.0.0.1/8', 'ipv4'); // false
 * ```
 */
export function isCanonicalCidr(cidr: string, family: Family): boolean {
  return isCanonical(cidr, family === 'ipv4' ? 4 : 6);
}

/**
 * Throws E_RENDER unless `cidr` is canonical for `family` (see {@link isCanonicalCidr}).
 *
 * @example
 * ```ts
 * checkCidr('2001:db8::/32', 'ipv6'); // ok
 * ```
 */
export function checkCidr(cidr: string, family: Family): string {
  if (!isCanonicalCidr(cidr, family)) {
    throw new RenderInjectorError('E_RENDER', `${JSON.stringify(cidr)} is not a canonical ${family} CIDR`, {
      hint: family === 'ipv4' ? 'write it like 10.0.0.0/8, with no host bits set' : 'write it like 2001:db8::/32 (RFC 5952), with no host bits set',
    });
  }
  return cidr;
}

/**
 * The family of a CIDR by its syntax: `ipv6` when it holds a colon.
 *
 * @example
 * ```ts
 * familyOf('::1/128'); // 'ipv6'
 * ```
 */
export function familyOf(cidr: string): Family {
  return cidr.includes(':') ? 'ipv6' : 'ipv4';
}
