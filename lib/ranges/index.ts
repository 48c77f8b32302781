/**
 * The captured ranges with their provenance: merge every include list, subtract every exclude list (CIDR algebra
 * from `lib/cidr/`), remember which source contributed each effective range, and print the result as the chart
 * value, a list, JSON, a Helm `--set` argument or an explanation.
 */
import { RenderInjectorError, type ErrorPlace, type Warning } from '../errors.js';
import { effectiveRanges, formatCidr, mergeCidrs, overlapsCidrs, overlapsEach, parseRangeList, type Cidr, type RangeList } from '../cidr/index.js';
import type { ProviderRange } from './provider-range.js';

/**
 * One range list and where it came from.
 *
 * @example
 * ```ts
 * const s: RangeSource = { value: '10.0.0.0/8,172.16.0.0/12', origin: '--include' };
 * ```
 */
export interface RangeSource {
  /** A list as the chart writes it (`"*"`, `""`, comma-separated CIDRs), or several such strings. */
  value: string | readonly string[];
  /** Where it came from: `gke describe.yaml: clusterIpv4Cidr`, `--include`, `values.yaml:12 (global.proxy.includeIPRanges)`. */
  origin: string;
  /** Where an error about it points (file, line, key path); default: `origin` as the file. */
  place?: ErrorPlace;
}

/**
 * The include and exclude lists to combine.
 *
 * @example
 * ```ts
 * const input: RangesInput = { include: [{ value: '10.0.0.0/8', origin: '--include' }], exclude: [] };
 * ```
 */
export interface RangesInput {
  include: RangeSource[];
  exclude: RangeSource[];
}

/**
 * One range of the result and the origins of the lists that contributed to it.
 *
 * @example
 * ```ts
 * const r: EffectiveRange = { cidr: '10.0.0.0/8', family: 4, sources: ['--include'] };
 * ```
 */
export interface EffectiveRange {
  cidr: string;
  family: 4 | 6;
  sources: string[];
}

/**
 * The computed ranges.
 *
 * When an include is `"*"`, `all` is true, `ipv4`/`ipv6` hold every address minus the excludes, and the chart value
 * stays `"*"` with the excludes going to `excludeIPRanges`.
 *
 * @example
 * ```ts
 * import { computeRanges, type RangesResult } from 'render-injector';
 * const r: RangesResult = computeRanges({ include: ['10.0.0.0/8'] });
 * r.ipv4; // ['10.0.0.0/8']
 * ```
 */
export interface RangesResult {
  /** An include said `"*"`. */
  all: boolean;
  /** Effective IPv4 ranges: merge(includes) − merge(excludes), canonical order. */
  ipv4: string[];
  /** Effective IPv6 ranges, as for `ipv4`. */
  ipv6: string[];
  /**
   * The merged includes per family, before the excludes are taken away (the ranges the include lists name; a
   * `"*"` adds nothing here). Istio's injector reads this list and the exclude list apart, so a pod annotation
   * can replace one and keep the other.
   */
  include: { ipv4: string[]; ipv6: string[] };
  /** The merged excludes per family (an exclude of `"*"` is `0.0.0.0/0` and `::/0`). */
  exclude: { ipv4: string[]; ipv6: string[] };
  /** Each effective range with the include origins that contributed to it. */
  ranges: EffectiveRange[];
  /** Each merged exclude with the exclude origins that contributed to it. */
  excluded: EffectiveRange[];
  /**
   * Each merged include (as in `include`, before the excludes are taken out) with the include origins that
   * contributed to it; a `"*"` adds nothing here. Today's Istio keeps the include and exclude lists apart.
   */
  included: EffectiveRange[];
  /** Host bits set, overlaps, whole-space entries, includes the excludes remove entirely, excludes outside every include. */
  warnings: Warning[];
}

interface Parsed {
  origin: string;
  list: RangeList;
}

function parseAll(sources: readonly RangeSource[], warnings: Warning[]): Parsed[] {
  return sources.map(({ value, origin, place }) => {
    const list = parseRangeList(value, place ?? { file: origin });
    warnings.push(...list.warnings);
    return { origin, list };
  });
}

function withSources(blocks: readonly Cidr[], parsed: readonly Parsed[]): EffectiveRange[] {
  // One merge of each source, then a binary search per block (not a merge per block and source).
  const hits = parsed.map((p) => overlapsEach(p.list.cidrs, blocks));
  return blocks.map((c, i) => ({
    cidr: formatCidr(c),
    family: c.family,
    sources: parsed.filter((_, k) => hits[k]![i]).map((p) => p.origin),
  }));
}

/** The sources of one side as one range list (a "*" in any of them stands for every address). */
const union = (parsed: readonly Parsed[]): RangeList => ({
  all: parsed.some((p) => p.list.all),
  cidrs: parsed.flatMap((p) => p.list.cidrs),
  warnings: [],
});

const byFamily = (blocks: readonly Cidr[], family: 4 | 6): string[] =>
  blocks.filter((c) => c.family === family).map(formatCidr);

/**
 * Merges the includes, subtracts the excludes and keeps the provenance of every range.
 *
 * @throws RenderInjectorError `E_CIDR` / `E_RANGE_LIST` whose place names the bad source's origin.
 * @example
 * ```ts
 * import { combineRanges } from '../lib/ranges/index.js';
 * const r = combineRanges({
 *   include: [{ value: '10.0.0.0/8', origin: '--include' }],
 *   exclude: [{ value: '10.96.0.0/12', origin: '--exclude' }],
 * });
 * r.ipv4; // ['10.0.0.0/10', '10.64.0.0/11', '10.112.0.0/12', '10.128.0.0/9']
 * ```
 */
export function combineRanges(input: RangesInput): RangesResult {
  const warnings: Warning[] = [];
  const include = parseAll(input.include, warnings);
  const exclude = parseAll(input.exclude, warnings);
  const excluded = mergeCidrs(exclude.flatMap((p) => p.list.cidrs));
  // The ranges the include lists name: a "*" stands for the chart value "*", not for a list of ranges.
  const included = mergeCidrs(include.flatMap((p) => (p.list.all ? [] : p.list.cidrs)));
  const all = include.some((p) => p.list.all);
  const { ipv4, ipv6 } = effectiveRanges(union(include), union(exclude));
  const effective = [...ipv4, ...ipv6];
  for (const p of include) {
    if (p.list.cidrs.length > 0 && !overlapsCidrs(p.list.cidrs, effective)) {
      warnings.push({
        code: 'W_FULLY_EXCLUDED',
        message: `every range of ${p.origin} is excluded, so it captures nothing`,
        place: { file: p.origin },
      });
    }
  }
  if (!all) warnings.push(...outsideIncludes(exclude, included));
  return {
    all,
    ipv4: byFamily(effective, 4),
    ipv6: byFamily(effective, 6),
    include: { ipv4: byFamily(included, 4), ipv6: byFamily(included, 6) },
    exclude: { ipv4: byFamily(excluded, 4), ipv6: byFamily(excluded, 6) },
    ranges: withSources(effective, include),
    excluded: withSources(excluded, exclude),
    included: withSources(included, include),
    warnings,
  };
}

declare const canonical: unique symbol;

/**
 * A range list in the chart's text form that is known to be canonical: `*`, `""`, or canonical CIDRs (no host
 * bits, RFC 5952 IPv6), comma-joined without spaces. Only {@link rangeValues} (from the CIDR engine's output) and
 * the post-renderer's `checkRangeValue` (for text a caller gives) make one.
 *
 * @example
 * ```ts
 * import { checkRangeValue } from '../lib/postrender/ranges.js';
 * import type { RangeValue } from '../lib/ranges/index.js';
 * const v: RangeValue = checkRangeValue('10.0.0.0/8,fd00::/8', 'includeIPRanges');
 * ```
 */
export type RangeValue = string & { readonly [canonical]: true };

/** The families a format carries: both for today's Istio, IPv4 only for 0.8/1.0. */
const familiesOf = (r: { ipv4: string[]; ipv6: string[] }, ipv6: boolean): string[] => (ipv6 ? [...r.ipv4, ...r.ipv6] : r.ipv4);

/**
 * The two chart values of a result, as Istio reads them: two lists apart, never their difference.
 *
 * @example
 * ```ts
 * const v: RangeValues = rangeValues(combineRanges({ include: [{ value: '10.0.0.0/8', origin: '--include' }], exclude: [] }), 'ipv4');
 * ```
 */
export interface RangeValues {
  /** The merged includes, or `*` when an include said so. */
  includeIPRanges: RangeValue;
  /** The merged excludes. */
  excludeIPRanges: RangeValue;
}

/**
 * The one way a stage reads the ranges as text: the merged include list (or `*`) and the merged exclude list,
 * comma-joined in canonical order. `ipv4` for Istio 0.8/1.0, whose istio-init applies the lists with iptables
 * (IPv4 only); `both` for today's Istio, whose istio-iptables splits each list by family.
 *
 * @example
 * ```ts
 * import { combineRanges, rangeValues } from '../lib/ranges/index.js';
 * const r = combineRanges({ include: [{ value: '10.0.0.0/8,fd00::/8', origin: '--include' }], exclude: [] });
 * rangeValues(r, 'ipv4'); // { includeIPRanges: '10.0.0.0/8', excludeIPRanges: '' }
 * rangeValues(r, 'both'); // { includeIPRanges: '10.0.0.0/8,fd00::/8', excludeIPRanges: '' }
 * ```
 */
export function rangeValues(result: RangesResult, families: 'ipv4' | 'both'): RangeValues {
  const ipv6 = families === 'both';
  return {
    includeIPRanges: (result.all ? '*' : familiesOf(result.include, ipv6).join(',')) as RangeValue,
    excludeIPRanges: familiesOf(result.exclude, ipv6).join(',') as RangeValue,
  };
}

/**
 * The range values a patch or an overlay writes: the include list always, the exclude list only when an exclude
 * was given (`excludeGiven`) — one nobody asked for is left as the chart or the mesh has it. The post-renderer
 * (`ipv4` for the 2018 template, `both` for today's values), the overlays and the drift check all read this.
 *
 * @example
 * ```ts
 * import { combineRanges, givenRangeValues } from '../lib/ranges/index.js';
 * const r = combineRanges({ include: [{ value: '10.0.0.0/8,fd00::/8', origin: '--include' }], exclude: [] });
 * givenRangeValues(r, 'both', false); // { includeIPRanges: '10.0.0.0/8,fd00::/8' }
 * ```
 */
export function givenRangeValues(result: RangesResult, families: 'ipv4' | 'both', excludeGiven: boolean): { includeIPRanges: RangeValue; excludeIPRanges?: RangeValue } {
  const values = rangeValues(result, families);
  return excludeGiven ? values : { includeIPRanges: values.includeIPRanges };
}

/** At most this many ranges are named in one warning. */
const NAMED = 5;

/** One warning per exclude source with ranges that share no address with any include: excluding them does nothing. */
function outsideIncludes(exclude: readonly Parsed[], included: readonly Cidr[]): Warning[] {
  const warnings: Warning[] = [];
  for (const p of exclude) {
    const hits = overlapsEach(included, p.list.cidrs);
    const outside = p.list.cidrs.filter((_, i) => !hits[i]).map(formatCidr);
    if (outside.length === 0) continue;
    const named = outside.slice(0, NAMED).join(', ') + (outside.length > NAMED ? ` and ${outside.length - NAMED} more` : '');
    warnings.push({
      code: 'W_EXCLUDE_OUTSIDE',
      message: `excluded ${named} lies outside every included range, so excluding it changes nothing`,
      place: { file: p.origin },
    });
  }
  return warnings;
}

/**
 * Output formats of {@link formatRanges}.
 *
 * @example
 * ```ts
 * const f: RangesFormat = 'helm-set';
 * ```
 */
export type RangesFormat = 'csv' | 'list' | 'json' | 'helm-set';

/**
 * Istio 0.8 and 1.0 apply `includeIPRanges`/`excludeIPRanges` with `iptables`, IPv4 only: an IPv6 item makes
 * istio-init fail. The values meant for Istio (csv, list, helm-set, and the ConfigMap) therefore carry the IPv4
 * ranges; `render-injector iptables` captures the IPv6 ranges named.
 */
const hasExcludes4 = (r: RangesResult): boolean => r.exclude.ipv4.length > 0;

/** Options of {@link formatRanges}. */
export interface FormatRangesOptions {
  /**
   * Carry IPv6 ranges too: for Istio 1.20 and later, whose `istio-iptables` splits each list by family. Default
   * false: Istio 0.8 and 1.0 take IPv4 only.
   */
  ipv6?: boolean;
}

/** The effective ranges as Istio's `includeIPRanges` items: `*` alone when everything is captured. */
function includeItems(r: RangesResult, ipv6: boolean): string[] {
  const excludes = ipv6 ? r.exclude.ipv4.length + r.exclude.ipv6.length > 0 : hasExcludes4(r);
  return r.all && !excludes ? ['*'] : familiesOf(r, ipv6);
}

/** Only CIDR characters, `*` and commas ever reach a shell word; anything else is a bug upstream. */
const SAFE = /^[0-9A-Fa-f.:/*,]*$/;

/**
 * `--set KEY=A\,B` as two words that need no quoting, so `$(render-injector ranges --format helm-set)` hands
 * Helm exactly these bytes (quotes inside a command substitution would reach Helm as part of the value).
 */
function helmSet(key: string, items: readonly string[]): string {
  /* c8 ignore next 3 */
  if (!SAFE.test(items.join(','))) {
    throw new RenderInjectorError('E_RENDER', `refusing to write ${JSON.stringify(items.join(','))} as a shell word`);
  }
  return `--set ${key}=${items.join('\\,')}`;
}

/**
 * Prints the result:
 * - `csv`: Istio's `includeIPRanges` value, IPv4 only (see above; both families with `options.ipv6`, for Istio
 *   1.20 and later): `*` when everything is captured and nothing
 *   excluded; with `*` and excludes, the IPv4 ranges that remain, so the value alone captures the right set;
 *   `""` when empty;
 * - `list`: the same items, one per line;
 * - `json`: both families, `{"ipv4":[...],"ipv6":[...]}`, plus `"all": true` and `"exclude"` when they apply;
 * - `helm-set`: `--set global.proxy.includeIPRanges=a\,b`, commas escaped for Helm, unquoted so that it can be
 *   spliced in with `$(...)`. These are values for Istio's chart, whose injector lets a pod annotation replace
 *   either list, so they keep the two lists apart: the merged includes (or `*`), and when there are IPv4
 *   excludes a second `--set global.proxy.excludeIPRanges=...` with the merged excludes.
 * No trailing newline.
 *
 * @example
 * ```ts
 * formatRanges(computeRanges({ include: ['10.0.0.0/8,172.16.0.0/12'] }), 'helm-set');
 * // '--set global.proxy.includeIPRanges=10.0.0.0/8\,172.16.0.0/12'
 * ```
 */
export function formatRanges(result: RangesResult, format: RangesFormat, options: FormatRangesOptions = {}): string {
  const ipv6 = options.ipv6 === true;
  switch (format) {
    case 'csv':
      return includeItems(result, ipv6).join(',');
    case 'list':
      return includeItems(result, ipv6).join('\n');
    case 'json': {
      const out: Record<string, unknown> = { ipv4: result.ipv4, ipv6: result.ipv6 };
      if (result.all) out['all'] = true;
      if (result.exclude.ipv4.length + result.exclude.ipv6.length > 0) out['exclude'] = result.exclude;
      return JSON.stringify(out);
    }
    case 'helm-set': {
      const include = helmSet('global.proxy.includeIPRanges', result.all ? ['*'] : familiesOf(result.include, ipv6));
      const exclude = familiesOf(result.exclude, ipv6);
      return exclude.length > 0 ? `${include} ${helmSet('global.proxy.excludeIPRanges', exclude)}` : include;
    }
    default:
      throw new RenderInjectorError('E_USAGE', `unknown ranges format ${JSON.stringify(format)}`, {
        place: { file: '--format' },
        hint: 'use csv, list, json or helm-set',
      });
  }
}

function rows(ranges: readonly EffectiveRange[]): string[] {
  const width = Math.max(...ranges.map((r) => r.cidr.length));
  return ranges.map((r) => `  ${r.cidr.padEnd(width)}  from ${r.sources.join('; ')}`);
}

/**
 * Explains the result: each effective range with every source that contributed to it, then each exclude with its
 * source. Ends with a newline.
 *
 * @example
 * ```ts
 * explainRanges(computeRanges({ include: ['10.0.0.0/8'] }));
 * // 'includeIPRanges: 10.0.0.0/8\n  10.0.0.0/8  from --include\nexcludeIPRanges: none\n'
 * ```
 */
export function explainRanges(result: RangesResult): string {
  const lines: string[] = [];
  if (result.all) {
    const stars = [...new Set(result.ranges.flatMap((r) => r.sources))];
    lines.push(
      result.excluded.length > 0
        ? `includeIPRanges: * (every address except the excludes below)`
        : `includeIPRanges: * (every address)`,
      ...(stars.length > 0 ? [`  *  from ${stars.join('; ')}`] : []),
    );
  } else if (result.ranges.length === 0) {
    lines.push('includeIPRanges: none (nothing is captured)');
  } else {
    lines.push(`includeIPRanges: ${result.ranges.map((r) => r.cidr).join(',')}`, ...rows(result.ranges));
  }
  if (result.excluded.length === 0) lines.push('excludeIPRanges: none');
  else lines.push(`excludeIPRanges: ${result.excluded.map((r) => r.cidr).join(',')}`, ...rows(result.excluded));
  return `${lines.join('\n')}\n`;
}

/**
 * One range source per provider range, its origin being the provider name and the range's source.
 *
 * @example
 * ```ts
 * providerSources([{ cidr: '10.42.0.0/16', role: 'pods', source: 'k3s default (--cluster-cidr)' }], 'k3s');
 * // [{ value: '10.42.0.0/16', origin: 'k3s default (--cluster-cidr)' }]
 * ```
 */
export function providerSources(ranges: readonly ProviderRange[], providerName: string): RangeSource[] {
  return ranges.map((r) => ({
    value: r.cidr,
    origin: r.source.startsWith(`${providerName} `) ? r.source : `${providerName} ${r.source}`,
  }));
}
