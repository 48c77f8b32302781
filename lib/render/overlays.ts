/**
 * Values overlays for today's Istio (istiod, 1.20 on): the same two chart values, `global.proxy.includeIPRanges`
 * and `excludeIPRanges`, written for the way a team installs Istio — Helm values, `istioctl --set`, an
 * `IstioOperator` file, a Sail Operator `Istio` patch — or as pod annotations. Today's `istio-iptables` splits
 * each list per family, so the values carry IPv4 and IPv6, and the include and exclude stay two lists (a pod
 * annotation replaces one and leaves the other), never their difference.
 */
import { RenderInjectorError } from '../errors.js';
import { checkPatchRanges, type CheckedRanges } from '../postrender/ranges.js';
import { givenRangeValues, type RangesResult } from '../ranges/index.js';

/**
 * The range values for an istiod-era install: `includeIPRanges` always; `excludeIPRanges` only when an exclude
 * was asked for (an install's own exclude stays otherwise).
 *
 * @example
 * ```ts
 * import type { IstiodRanges } from 'render-injector';
 * const v: IstiodRanges = { includeIPRanges: '10.0.0.0/8,fd00::/8', excludeIPRanges: '10.96.0.0/12' };
 * ```
 */
export interface IstiodRanges {
  /** `*`, empty, or comma-separated canonical CIDRs of both families, no spaces. */
  includeIPRanges: string;
  /** Same form (never `*`); absent when no exclude was given. */
  excludeIPRanges?: string;
}

/**
 * The values overlay formats: `istioctl` (`--set values.global.proxy.…` arguments for `istioctl install`),
 * `helm-values` (a values file for the `istio/istiod` chart), `istio-operator` (an `IstioOperator` for
 * `istioctl install -f`), `sail` (an `Istio` object of the Sail Operator, for `kubectl patch --type merge`),
 * `annotations` (a pod-template patch with the two `traffic.sidecar.istio.io/*OutboundIPRanges` annotations).
 *
 * @example
 * ```ts
 * import type { OverlayFormat } from 'render-injector';
 * const f: OverlayFormat = 'sail';
 * ```
 */
export type OverlayFormat = 'istioctl' | 'helm-values' | 'istio-operator' | 'sail' | 'annotations';

/**
 * Every overlay format, in the order the CLI lists them.
 *
 * @example
 * ```ts
 * import { OVERLAY_FORMATS, renderOverlay } from 'render-injector';
 * for (const format of OVERLAY_FORMATS) console.log(renderOverlay({ includeIPRanges: '10.0.0.0/8' }, { format }));
 * ```
 */
export const OVERLAY_FORMATS: readonly OverlayFormat[] = ['istioctl', 'helm-values', 'istio-operator', 'sail', 'annotations'];

/**
 * Options of {@link renderOverlay}.
 *
 * @example
 * ```ts
 * import type { OverlayOptions } from 'render-injector';
 * const o: OverlayOptions = { format: 'sail', name: 'default' };
 * ```
 */
export interface OverlayOptions {
  /** Which overlay. */
  format: OverlayFormat;
  /** The `Istio` object's name for `sail` (default `default`); a DNS-1123 subdomain. */
  name?: string;
}

/**
 * The istiod values for computed ranges: the merged include list (or `*`) and, when `excludeGiven`, the merged
 * exclude list, each with both families in canonical order, comma-joined.
 *
 * @param ranges the computed ranges (from `computeRanges` or `resolveValues(…).ranges`)
 * @param excludeGiven whether an exclude was asked for (`resolveValues(…).excludeGiven`)
 * @example
 * ```ts
 * import { resolveValues, istiodRanges } from 'render-injector';
 * const r = resolveValues({ include: ['10.0.0.0/8,fd00::/8'], exclude: ['10.96.0.0/12'] });
 * istiodRanges(r.ranges, r.excludeGiven); // { includeIPRanges: '10.0.0.0/8,fd00::/8', excludeIPRanges: '10.96.0.0/12' }
 * ```
 */
export function istiodRanges(ranges: RangesResult, excludeGiven: boolean): IstiodRanges {
  return givenRangeValues(ranges, 'both', excludeGiven);
}

/** A DNS-1123 subdomain, as Kubernetes names objects. */
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/** The proxy values as YAML lines at `indent` spaces (values are checked: no character needs escaping). */
function proxyYaml(values: IstiodRanges, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines = [`${pad}global:`, `${pad}  proxy:`, `${pad}    includeIPRanges: "${values.includeIPRanges}"`];
  if (values.excludeIPRanges !== undefined) lines.push(`${pad}    excludeIPRanges: "${values.excludeIPRanges}"`);
  return `${lines.join('\n')}\n`;
}

/**
 * Renders one values overlay. Every format but `istioctl` (arguments on one line) and `annotations` (one line
 * of JSON, for `kubectl patch -p`) is YAML; each ends with a newline.
 *
 * Throws `E_CIDR`/`E_RANGE_LIST` for values not in canonical form, `E_USAGE` for a bad `name` or format.
 *
 * @example
 * ```ts
 * import { renderOverlay } from 'render-injector';
 * renderOverlay({ includeIPRanges: '10.0.0.0/8' }, { format: 'helm-values' });
 * // 'global:\n  proxy:\n    includeIPRanges: "10.0.0.0/8"\n'
 * ```
 */
export function renderOverlay(values: IstiodRanges, options: OverlayOptions): string {
  return writeOverlay(checkOverlayRanges(values), options);
}

/** Checks overlay values a caller gives: canonical lists (see `checkRangeValue`), and an exclude that is not `*`. */
function checkOverlayRanges(values: IstiodRanges): CheckedRanges {
  const checked = checkPatchRanges(values);
  if (checked.excludeIPRanges === '*') {
    throw new RenderInjectorError('E_RANGE_LIST', 'excludeIPRanges "*" is not a value Istio accepts', {
      place: { path: 'excludeIPRanges' },
      hint: 'list the ranges to leave alone, or capture nothing with includeIPRanges ""',
    });
  }
  return checked;
}

/**
 * Writes one values overlay from checked values (the pipeline's {@link givenRangeValues}); see {@link renderOverlay}.
 *
 * @example
 * ```ts
 * import { givenRangeValues } from '../lib/ranges/index.js';
 * import { writeOverlay } from '../lib/render/overlays.js';
 * import type { Settings } from '../lib/values/settings.js';
 * declare const settings: Settings;
 * writeOverlay(givenRangeValues(settings.ranges, 'both', settings.excludeGiven), { format: 'sail' });
 * ```
 */
export function writeOverlay(checked: CheckedRanges, options: OverlayOptions): string {
  switch (options.format) {
    case 'istioctl': {
      const args = [`--set values.global.proxy.includeIPRanges=${checked.includeIPRanges}`];
      if (checked.excludeIPRanges !== undefined) args.push(`--set values.global.proxy.excludeIPRanges=${checked.excludeIPRanges}`);
      return `${args.join(' ')}\n`;
    }
    case 'helm-values':
      return proxyYaml(checked, 0);
    case 'istio-operator':
      return `apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  values:\n${proxyYaml(checked, 4)}`;
    case 'sail': {
      const name = options.name ?? 'default';
      if (!DNS_SUBDOMAIN.test(name) || name.length > 253) {
        throw new RenderInjectorError('E_USAGE', `--name ${JSON.stringify(name)} is not a Kubernetes object name`, {
          place: { file: '--name' },
          hint: 'use lower-case letters, digits, "-" and ".", e.g. default',
        });
      }
      return `apiVersion: sailoperator.io/v1\nkind: Istio\nmetadata:\n  name: ${name}\nspec:\n  values:\n${proxyYaml(checked, 4)}`;
    }
    case 'annotations': {
      // A pod annotation replaces the install's value for that pod, so the patch states both lists.
      const annotations = {
        'traffic.sidecar.istio.io/includeOutboundIPRanges': checked.includeIPRanges,
        'traffic.sidecar.istio.io/excludeOutboundIPRanges': checked.excludeIPRanges ?? '',
      };
      return `${JSON.stringify({ spec: { template: { metadata: { annotations } } } })}\n`;
    }
    default:
      throw new RenderInjectorError('E_USAGE', `unknown overlay format ${JSON.stringify(options.format)}`, {
        place: { file: '--format' },
        hint: `use one of ${OVERLAY_FORMATS.join(', ')}`,
      });
  }
}

/**
 * Options of {@link renderIstiodValues}.
 *
 * @example
 * ```ts
 * import type { IstiodValuesOptions } from 'render-injector';
 * const o: IstiodValuesOptions = { istioVersion: '1.28', namespace: 'istio-system', ranges: '  10.0.0.0/8  from --include' };
 * ```
 */
export interface IstiodValuesOptions {
  /** The target version, e.g. `1.28`, named in the header. */
  istioVersion: string;
  /** istiod's namespace (default `istio-system`), used in the commands of the header. */
  namespace?: string;
  /** Extra comment lines (e.g. each range with its source); `#` is put in front of each. */
  ranges?: string;
}

/**
 * The main artefact for an istiod-era version: the `helm-values` overlay behind a comment header that says how to
 * apply it with Helm, istioctl, the Sail Operator, or `render-injector post-render` on the live ConfigMap.
 *
 * @example
 * ```ts
 * import { renderIstiodValues } from 'render-injector';
 * renderIstiodValues({ includeIPRanges: '10.0.0.0/8' }, { istioVersion: '1.28' });
 * ```
 */
export function renderIstiodValues(values: IstiodRanges, options: IstiodValuesOptions): string {
  return writeIstiodValues(checkOverlayRanges(values), options);
}

/**
 * {@link renderIstiodValues} from checked values (the pipeline's {@link givenRangeValues}).
 *
 * @example
 * ```ts
 * import { givenRangeValues } from '../lib/ranges/index.js';
 * import { writeIstiodValues } from '../lib/render/overlays.js';
 * import type { Settings } from '../lib/values/settings.js';
 * declare const settings: Settings;
 * writeIstiodValues(givenRangeValues(settings.ranges, 'both', settings.excludeGiven), { istioVersion: '1.28' });
 * ```
 */
export function writeIstiodValues(checked: CheckedRanges, options: IstiodValuesOptions): string {
  const body = writeOverlay(checked, { format: 'helm-values' });
  const ns = options.namespace ?? 'istio-system';
  const header = [
    `Sidecar capture ranges for Istio ${options.istioVersion} (istiod), as values of the istio/istiod chart.`,
    'Written by render-injector; it changes global.proxy.includeIPRanges/excludeIPRanges only.',
    ...(options.ranges ? ['', ...options.ranges.replace(/\n$/, '').split('\n')] : []),
    '',
    'Apply it one of these ways (the same options to render-injector give the other formats):',
    `  Helm:      helm upgrade istiod istio/istiod -n ${ns} --reuse-values -f THIS_FILE`,
    '  istioctl:  istioctl install $(render-injector ranges … --format istioctl)',
    '             or: render-injector ranges … --format istio-operator > ranges.yaml && istioctl install -f ranges.yaml',
    '  Sail:      render-injector ranges … --format sail > patch.yaml && kubectl patch istio default --type merge --patch-file patch.yaml',
    `  Live:      kubectl get cm istio-sidecar-injector -n ${ns} -o yaml | render-injector post-render … | kubectl apply -f -`,
    'istiod applies the change to pods created afterwards; restart running ones (kubectl rollout restart).',
  ];
  return `${header.map((l) => (l ? `# ${l}` : '#')).join('\n')}\n${body}`;
}
