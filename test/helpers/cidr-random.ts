// Seeded random CIDR text for the CIDR engine's oracle tests and benchmark-like inputs. Prefixes are clustered
// (most blocks fall inside a few parent networks, with prefix lengths near each other) so that merges,
// subtractions and intersections of two random sets really interact instead of being disjoint.

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: () => number, n: number): number => Math.floor(r() * n);

/** IPv4 dotted text of an unsigned 32-bit number (written independently of the code under test). */
const dotted = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** IPv6 full (uncompressed) text of a 128-bit bigint. */
const full6 = (n: bigint): string =>
  Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');

const V4_CLUSTERS: [number, number][] = [
  [0x0a000000, 16], // 10.0.0.0/16
  [0xac100000, 20], // 172.16.0.0/20
  [0xc0a80000, 22], // 192.168.0.0/22
  [0x00000000, 0], // anywhere
];
const V6_CLUSTERS: [bigint, number][] = [
  [0x20010db8n << 96n, 48], // 2001:db8::/48
  [0xfdn << 120n, 112], // fd00::/112
  [0n, 120], // ::/120, exercises leading zero groups
  [0n, 0], // anywhere
];

/** A random IPv4 CIDR text, clustered; sometimes with host bits set. */
export function randomV4(r: () => number): string {
  const [base, len] = V4_CLUSTERS[int(r, V4_CLUSTERS.length)]!;
  const prefix = len === 0 ? int(r, 33) : Math.min(32, len + int(r, 11));
  const addr = (base + int(r, 2 ** (32 - len))) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return `${dotted(r() < 0.1 ? addr : (addr & mask) >>> 0)}/${prefix}`;
}

/** A random IPv6 CIDR text, clustered; sometimes with host bits set. */
export function randomV6(r: () => number): string {
  const [base, len] = V6_CLUSTERS[int(r, V6_CLUSTERS.length)]!;
  const prefix = len === 0 ? int(r, 129) : Math.min(128, len + int(r, 13));
  let bits = 0n;
  for (let i = 0; i < 4; i++) bits = (bits << 32n) | BigInt(int(r, 4294967296));
  const addr = base | (bits & ((1n << BigInt(128 - len)) - 1n));
  const net = prefix === 128 ? addr : addr & ~((1n << BigInt(128 - prefix)) - 1n);
  return `${full6(r() < 0.1 ? addr : net)}/${prefix}`;
}

/** A random list of `n` CIDR texts of one family or mixed. */
export function randomList(r: () => number, n: number, family: 4 | 6 | 'mixed'): string[] {
  return Array.from({ length: n }, () =>
    (family === 'mixed' ? r() < 0.5 : family === 4) ? randomV4(r) : randomV6(r),
  );
}
