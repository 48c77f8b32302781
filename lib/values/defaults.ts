/**
 * The chart defaults of each Istio flavour, as far as injection reads them. Keys the schema describes get their
 * schema defaults; only what differs per flavour is written here.
 */
import { Value } from '@sinclair/typebox/value';
import { RenderInjectorError } from '../errors.js';
import { cloneValues } from './paths.js';
import { ValuesSchema, type Values } from './schema.js';

/** The Istio chart flavours render-injector renders. */
export type IstioVersion = '0.8' | '1.0';

/** The supported flavours, oldest first. */
export const ISTIO_VERSIONS: readonly IstioVersion[] = ['0.8', '1.0'];

/**
 * What each flavour's `install/kubernetes/helm/istio/values.yaml` sets differently from the schema defaults
 * (which are the 0.8 chart's): 1.0 pulls from gcr.io/istio-release with its release-branch tag, requests 10m CPU
 * without a memory request, turns the statsd bridge off and names the injection policy `autoInject`.
 */
const CHART_OVERRIDES: Record<IstioVersion, Record<string, unknown>> = {
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
 * isIstioVersion('1.0'); // true
 * isIstioVersion('1.1'); // false
 * ```
 */
export function isIstioVersion(value: unknown): value is IstioVersion {
  return value === '0.8' || value === '1.0';
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
  return { ...cloneValues(CHART_OVERRIDES[version]), renderInjector: { istioVersion: version } };
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
  return Value.Default(ValuesSchema, chartDefaults(version)) as Values;
}

function assertVersion(version: unknown): asserts version is IstioVersion {
  if (!isIstioVersion(version)) {
    throw new RenderInjectorError('E_VALUES', `unsupported Istio version ${JSON.stringify(version)}`, {
      place: { path: 'renderInjector.istioVersion' },
      hint: `use one of ${ISTIO_VERSIONS.join(', ')}`,
    });
  }
}
