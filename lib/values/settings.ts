/**
 * The boundary between input and the stages. Values are read and validated once (`layerValues`), the ranges are
 * combined once (`combineRanges`); {@link initializeSettings} then turns that into the {@link Settings} every later
 * stage (plan, ConfigMap, post-render, overlays) takes as it is. Nothing after this file checks a CIDR, a port or
 * an integer that came from the user: a value that cannot be trusted never becomes a `Settings`.
 *
 * A `Settings` can only come from {@link initializeSettings}: its type carries a brand no other module can write,
 * so a stage that takes one knows the boundary was passed.
 */
import { RenderInjectorError } from '../errors.js';
import { isCanonicalCidr } from '../cidr/canonical.js';
import { parsePortList } from './ports.js';
import type { RangesResult } from '../ranges/index.js';
import type { IstioVersion } from './defaults.js';
import type { Origin } from './merge.js';
import type { Values } from './schema.js';
import { placeOf, validateValues } from './validate.js';

declare const initialized: unique symbol;

/**
 * What the interception plan needs, checked and in its final form: the port lists parsed, the ids and ports
 * integers in range.
 *
 * @example
 * ```ts
 * import { initializeSettings } from '../lib/values/settings.js';
 * declare const input: Parameters<typeof initializeSettings>[0];
 * initializeSettings(input, 'caller').capture.inboundPorts; // '*' or [9080, 9090]
 * ```
 */
export interface CaptureSettings {
  readonly [initialized]: true;
  /** REDIRECT (NAT) or TPROXY. */
  readonly mode: 'REDIRECT' | 'TPROXY';
  /** The port the sidecar listens on for captured traffic. */
  readonly proxyPort: number;
  /** The proxy's uid; its traffic is never captured. */
  readonly proxyUid: number;
  /** The proxy's gid; its traffic is never captured. */
  readonly proxyGid: number;
  /** Inbound ports captured: `*` or unique ports in their order (maybe none). */
  readonly inboundPorts: '*' | number[];
  /** Inbound ports never captured (with `*`). */
  readonly inboundExcluded: number[];
  /** `renderInjector.ipv6`: `auto`, or always / never. */
  readonly ipv6: 'auto' | boolean;
  /** `renderInjector.blockInboundIpv6`. */
  readonly blockInboundIpv6: boolean;
}

/**
 * The settings every stage after the boundary trusts. The ranges (both families, each with the sources that
 * asked for it) live here and only here; a stage reads them as chart text through `rangeValues`.
 *
 * @example
 * ```ts
 * import { initializeSettings, type Settings } from '../lib/values/settings.js';
 * declare const input: Parameters<typeof initializeSettings>[0];
 * const settings: Settings = initializeSettings(input, 'caller');
 * settings.ranges.ipv4; // the effective IPv4 ranges
 * ```
 */
export interface Settings {
  readonly [initialized]: true;
  /** The validated values, for what only the ConfigMap reads (images, labels, resources, …). */
  readonly values: Values;
  /** Where each value came from, by dotted key path. */
  readonly origins: ReadonlyMap<string, Origin>;
  /** The Istio flavour. */
  readonly version: IstioVersion;
  /** The captured ranges with their provenance: the one home of every range. */
  readonly ranges: RangesResult;
  /** Whether anything chose the include ranges (not the chart default `*`). */
  readonly includeGiven: boolean;
  /** Whether an exclude was asked for (not the chart default `""`). */
  readonly excludeGiven: boolean;
  /** What the rules need. */
  readonly capture: CaptureSettings;
}

/** What the boundary reads: the values stage's result and the ranges combined from every source. */
export interface SettingsInput {
  values: Values;
  origins: ReadonlyMap<string, Origin>;
  ranges: RangesResult;
  includeGiven: boolean;
  excludeGiven: boolean;
}

/** The range lists of a result, each with the key path a bad item is reported at. */
function rangeLists(ranges: RangesResult): [string, readonly string[], 4 | 6][] {
  const include = 'global.proxy.includeIPRanges';
  const exclude = 'global.proxy.excludeIPRanges';
  return [
    [include, ranges.ipv4, 4],
    [include, ranges.ipv6, 6],
    [include, ranges.include.ipv4, 4],
    [include, ranges.include.ipv6, 6],
    [exclude, ranges.exclude.ipv4, 4],
    [exclude, ranges.exclude.ipv6, 6],
  ];
}

/**
 * Checks what a caller built by hand (a `Resolution` that `resolveValues` did not make): the values against the
 * schema (`E_VALUES`, as the values stage reports them) and every range as the CIDR engine would give it
 * (`E_CIDR`), each placed by the value's origin.
 */
function checkGiven(input: SettingsInput): void {
  const errors = validateValues(input.values, input.origins);
  if (errors[0]) throw errors[0];
  for (const [path, list, family] of rangeLists(input.ranges)) {
    for (const cidr of list) {
      if (typeof cidr !== 'string' || !isCanonicalCidr(cidr, family)) {
        throw new RenderInjectorError('E_CIDR', `${JSON.stringify(cidr)} is not a canonical IPv${family} CIDR`, {
          place: placeOf(path, input.origins),
          hint: 'compute the ranges with resolveValues, which gives canonical ranges',
        });
      }
    }
  }
}

/**
 * The boundary: turns the validated values and the combined ranges into the {@link Settings} every later stage
 * trusts, reading each value once into its final form (port lists parsed). `from` says who built the input:
 * `pipeline` when the values stage and `combineRanges` just made it, `caller` for anything else (a hand-built
 * `Resolution` given to the public API), which is checked first as the values stage checks its input.
 *
 * Throws `E_VALUES` (a bad value or port list) or `E_CIDR` (a range not in canonical form), placed by the value's
 * origin (file:line, `--set`, option) as the values stage places its own errors.
 *
 * @example
 * ```ts
 * import { initializeSettings } from '../lib/values/settings.js';
 * declare const input: Parameters<typeof initializeSettings>[0];
 * const settings = initializeSettings(input, 'caller');
 * settings.capture.proxyPort; // 15001
 * ```
 */
export function initializeSettings(input: SettingsInput, from: 'pipeline' | 'caller'): Settings {
  if (from === 'caller') checkGiven(input);
  const { values, origins } = input;
  const ri = values.renderInjector;
  const proxy = values.global.proxy;
  const ports = (key: 'includeInboundPorts' | 'excludeInboundPorts', allowAll: boolean): '*' | number[] => {
    const path = `global.proxy.${key}`;
    return parsePortList(proxy[key], placeOf(path, origins), allowAll);
  };
  const capture = {
    mode: ri.interceptionMode,
    proxyPort: ri.proxyPort,
    proxyUid: ri.proxyUid,
    proxyGid: ri.proxyGid,
    inboundPorts: ports('includeInboundPorts', true),
    inboundExcluded: ports('excludeInboundPorts', false) as number[],
    ipv6: ri.ipv6,
    blockInboundIpv6: ri.blockInboundIpv6,
  } as CaptureSettings;
  return {
    values,
    origins,
    version: ri.istioVersion,
    ranges: input.ranges,
    includeGiven: input.includeGiven,
    excludeGiven: input.excludeGiven,
    capture,
  } as Settings;
}
