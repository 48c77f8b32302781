/**
 * The chart defaults of each Istio flavour, as far as injection reads them. Keys the schema describes get their
 * schema defaults; only what differs per flavour is written here.
 */
import { RenderInjectorError } from '../errors.js';
import { fillSchemaDefaults } from './fill-defaults.js';
import { cloneValues } from './paths.js';
import { valuesSchemaData } from './schema.generated.js';
import type { Values } from './schema.js';

/**
 * The Istio versions render-injector targets: the 2018 chart flavours `0.8` and `1.0`, whose injector ConfigMap it
 * renders, and today's istiod releases `1.N` with N ≥ 20, whose ranges live in the chart values.
 *
 * @example
 * ```ts
 * import type { IstioVersion } from 'render-injector';
 * const versions: IstioVersion[] = ['0.8', '1.0', '1.28'];
 * ```
 */
export type IstioVersion = '0.8' | '1.0' | `1.${number}`;

/** The 2018 flavours, oldest first; any `1.N` with N ≥ 20 is supported too. */
export const ISTIO_VERSIONS: readonly IstioVersion[] = ['0.8', '1.0'];

/** How the supported versions are named in messages. */
export const SUPPORTED_VERSIONS = '0.8, 1.0, or 1.20 and later (1.N with N >= 20, e.g. 1.28)';

/** `1.N` with N ≥ 20, without leading zeros. */
const MODERN = /^1\.(?:[2-9]\d|[1-9]\d{2,})$/;

/**
 * True for an istiod-era version (`1.N`, N ≥ 20): its ranges are chart values, not baked into a template.
 *
 * @example
 * ```ts
 * isModernIstio('1.28'); // true
 * isModernIstio('1.0');  // false
 * ```
 */
export function isModernIstio(value: unknown): value is `1.${number}` {
  return typeof value === 'string' && MODERN.test(value);
}

/**
 * What each flavour's `install/kubernetes/helm/istio/values.yaml` sets differently from the schema defaults
 * (which are the 0.8 chart's): 1.0 pulls from gcr.io/istio-release with its release-branch tag, requests 10m CPU
 * without a memory request, turns the statsd bridge off and names the injection policy `autoInject`.
 */
const CHART_OVERRIDES: Record<'0.8' | '1.0', Record<string, unknown>> = {
  '0.8': { global: { hub: 'docker.io/istio', tag: '0.8.latest' } },
  '1.0': {
    global: {
      hub: 'gcr.io/istio-release',
      tag: 'release-1.0-latest-daily',
      proxy: {
        resources: { requests: { cpu: '10m' } },
        envoyStatsd: { enabled: false },
        autoInject: 'enabled',
      },
    },
  },
};

/**
 * True for a supported flavour name.
 *
 * @example
 * ```ts
 * isIstioVersion('1.0');  // true
 * isIstioVersion('1.28'); // true
 * isIstioVersion('1.1');  // false
 * ```
 */
export function isIstioVersion(value: unknown): value is IstioVersion {
  return value === '0.8' || value === '1.0' || isModernIstio(value);
}

/**
 * The chart defaults of a flavour, before schema defaults are filled in (what a chart's values.yaml holds).
 *
 * @example
 * ```ts
 * chartDefaults('1.0'); // { global: { hub: 'gcr.io/istio-release', … }, renderInjector: { istioVersion: '1.0' } }
 * ```
 */
export function chartDefaults(version: IstioVersion): Record<string, unknown> {
  assertVersion(version);
  // Today's charts: only the ranges are read, and the schema defaults are the chart's ("*" and "").
  const overrides = version === '0.8' || version === '1.0' ? CHART_OVERRIDES[version] : {};
  return { ...cloneValues(overrides), renderInjector: { istioVersion: version } };
}

/**
 * The fully defaulted values of a flavour: what render-injector renders when given nothing else.
 *
 * @example
 * ```ts
 * defaultValues('0.8').global.tag;  // '0.8.latest'
 * defaultValues('1.0').global.hub;  // 'gcr.io/istio-release'
 * ```
 */
export function defaultValues(version: IstioVersion): Values {
  return fillSchemaDefaults(valuesSchemaData, chartDefaults(version)) as Values;
}

function assertVersion(version: unknown): asserts version is IstioVersion {
  if (!isIstioVersion(version)) {
    throw new RenderInjectorError('E_VALUES', `unsupported Istio version ${JSON.stringify(version)}`, {
      place: { path: 'renderInjector.istioVersion' },
      hint: `use ${SUPPORTED_VERSIONS}`,
    });
  }
}
