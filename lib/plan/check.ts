/**
 * Last-line checks on the words that go into a rule. The planner validates user values with their key paths
 * (E_VALUES); these checks guard the typed rule values themselves, so a rule built by hand cannot carry an
 * unsafe word into a script or ruleset (E_RENDER).
 */
import { RenderInjectorError } from '../errors.js';
import type { Family } from './types.js';

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

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function v4ToBigInt(a: string): bigint {
  return a.split('.').reduce((acc, o) => (acc << 8n) | BigInt(o), 0n);
}

function v6Groups(a: string): number[] | undefined {
  if (!/^[0-9a-f:]+$/.test(a)) return undefined;
  const halves = a.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  if ([...head, ...tail].some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<string>(missing).fill('0'), ...tail].map((g) => parseInt(g, 16));
}

/**
 * Formats eight 16-bit groups the RFC 5952 way: lower case, no leading zeros, the longest run (≥2) of zero
 * groups, first on a tie, as `::`.
 *
 * @example
 * ```ts
 * formatIpv6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]); // '2001:db8::1'
 * ```
 */
export function formatIpv6(groups: number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/**
 * True when `cidr` is a canonical CIDR of `family`: strict address syntax (no leading zeros, RFC 5952 for
 * IPv6), a prefix length, and no host bits set.
 *
 * @example
 * ```ts
 * isCanonicalCidr('10.0.0.0/8', 'ipv4'); // true
 * isCanonicalCidr('10.0.0.1/8', 'ipv4'); // false
 * ```
 */
export function isCanonicalCidr(cidr: string, family: Family): boolean {
  const m = /^([^/]+)\/(0|[1-9]\d{0,2})$/.exec(cidr);
  if (!m) return false;
  const addr = m[1]!;
  const len = Number(m[2]);
  const bits = family === 'ipv4' ? 32 : 128;
  if (len > bits) return false;
  let value: bigint;
  if (family === 'ipv4') {
    if (!V4.test(addr)) return false;
    value = v4ToBigInt(addr);
  } else {
    const groups = v6Groups(addr);
    if (!groups || formatIpv6(groups) !== addr) return false;
    value = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
  }
  const hostMask = (1n << BigInt(bits - len)) - 1n;
  return (value & hostMask) === 0n;
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
