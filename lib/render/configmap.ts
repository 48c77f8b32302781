/**
 * Renders the `istio-sidecar-injector` ConfigMap that Istio's Helm chart (0.8 or 1.0 line) gives for the same
 * values, with the final outbound ranges spliced in. It reads the settings the boundary checked (ranges, port
 * lists, ids); the values only the ConfigMap reads (images, labels, names, resources) are checked here, with their
 * key path, before they reach a template; the templates (`templates/configmap/<flavour>.hbs`) only lay text out and escape through the
 * helpers of `lib/quote/configmap.ts`.
 */
import { RenderInjectorError } from '../errors.js';
import { rangeValues } from '../ranges/index.js';
import type { Values } from '../values/schema.js';
import type { Settings } from '../values/settings.js';
import { hasLoneSurrogate } from '../quote/configmap.js';
import { template } from './templates.js';

/** One `key: value` line of a mapping, both still unescaped. */
interface Entry {
  key: string;
  value: string;
}

/** What the ConfigMap templates read. Strings are raw (the templates escape them); numbers are checked integers. */
interface ConfigMapContext {
  namespace: string;
  labels: Entry[];
  policy: string;
  imagePullPolicy: string;
  initImage: string;
  coreDumpImage: string;
  proxyImage: string;
  proxyUid: number;
  proxyGid: number;
  includeIPRanges: string;
  excludeIPRanges: string;
  excludeInboundPorts: string;
  enableCoreDump: boolean;
  statsdEnabled: boolean;
  statsdAddress: string;
  resources: { section: string; entries: Entry[] }[];
  hasResources: boolean;
  statusPort: number;
  prometheusPort: number;
  readinessInitialDelaySeconds: number;
  readinessPeriodSeconds: number;
  readinessFailureThreshold: number;
}

const hint = {
  label: 'Kubernetes label values are at most 63 characters of letters, digits, "-", "_" and ".", starting and ending alphanumeric',
  name: 'use an optional lowercase DNS-subdomain prefix and "/", then a name of at most 63 letters, digits, "-", "_" and ".", starting and ending alphanumeric',
  text: 'remove the unpaired UTF-16 surrogate from the value',
};

/** Throws E_RENDER; `problem` says what is wrong with the value (the place already names its key path). */
function fail(path: string, problem: string, fix: string): never {
  throw new RenderInjectorError('E_RENDER', problem, { place: { path }, hint: fix });
}

/** A free-text value (a string, as the schema guarantees): any well-formed string can be escaped for every layer. */
function text(value: string, path: string): string {
  if (hasLoneSurrogate(value)) fail(path, `the value holds an unpaired UTF-16 surrogate`, hint.text);
  return value;
}

function integer(value: unknown, fallback: number, path: string, min: number, max: number): number {
  const v = value === undefined ? fallback : value;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(path, `the value must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`, `set ${path} to a whole number in that range`);
  }
  return v;
}

const LABEL_NAME = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

function labelValue(value: string, path: string): string {
  if (value !== '' && !LABEL_NAME.test(value)) fail(path, `${JSON.stringify(value)} is not a valid Kubernetes label value`, hint.label);
  return value;
}

/** A qualified name (`name` or `prefix/name`): label keys and resource names share this grammar. */
function qualifiedName(key: string, path: string, what: string): string {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = key.slice(slash + 1);
  if (!LABEL_NAME.test(name) || (prefix !== undefined && !DNS_SUBDOMAIN.test(prefix))) {
    fail(path, `${JSON.stringify(key)} is not a valid ${what}`, hint.name);
  }
  return key;
}

/** Reads an optional key of an open (untyped) section of the values. */
function field(section: unknown, key: string): unknown {
  return section !== null && typeof section === 'object' ? (section as Record<string, unknown>)[key] : undefined;
}

/** The labels the chart sets, then the user's own (a user label of the same key replaces the chart's). */
function labelsOf(values: Values): Entry[] {
  const ri = values.renderInjector;
  const chartVersion = text(ri.chartVersion ?? `${ri.istioVersion}.0`, 'renderInjector.chartVersion').replace(/\+/g, '_');
  const labels = new Map<string, string>([
    ['app', 'istio'],
    ['chart', labelValue(`istio-${chartVersion}`, 'renderInjector.chartVersion')],
    ['release', labelValue(text(ri.releaseName, 'renderInjector.releaseName'), 'renderInjector.releaseName')],
    ['heritage', 'Tiller'],
    ['istio', 'sidecar-injector'],
  ]);
  for (const [key, value] of Object.entries(ri.labels)) {
    const path = `renderInjector.labels.${key}`;
    labels.set(qualifiedName(text(key, path), path, 'label key'), labelValue(text(value, path), path));
  }
  return [...labels].map(([key, value]) => ({ key, value }));
}

/** The sidecar's resources, sorted by key as Helm's `toYaml` writes them. */
function resourcesOf(values: Values): ConfigMapContext['resources'] {
  const out: ConfigMapContext['resources'] = [];
  // the schema allows only the two sections, each a map of amounts (a user null arrives as an empty map)
  const resources = values.global.proxy.resources as Record<string, Record<string, string | number>>;
  for (const section of Object.keys(resources).sort()) {
    const amounts = resources[section]!;
    const entries = Object.keys(amounts)
      .sort()
      .map((key) => {
        const path = `global.proxy.resources.${section}.${key}`;
        const amount = amounts[key]!;
        return { key: qualifiedName(text(key, path), path, 'resource name'), value: typeof amount === 'number' ? String(amount) : text(amount, path) };
      });
    out.push({ section, entries });
  }
  return out;
}

function contextOf(settings: Settings): ConfigMapContext {
  const { values, capture } = settings;
  const g = values.global;
  const p = g.proxy;
  const ri = values.renderInjector;
  const v10 = ri.istioVersion === '1.0';
  const hub = text(g.hub, 'global.hub');
  const tag = text(g.tag, 'global.tag');
  const initName = text(g.proxy_init.image, 'global.proxy_init.image');
  const proxyName = text(p.image, 'global.proxy.image');
  // 1.0 takes an init image name holding "/" as a whole image reference; 0.8 always prefixes hub and tag.
  const wholeReference = v10 && initName.includes('/');
  const initImage = wholeReference ? initName : `${hub}/${initName}:${tag}`;
  const namespace = text(ri.namespace, 'renderInjector.namespace');
  if (!DNS_LABEL.test(namespace)) {
    fail('renderInjector.namespace', `${JSON.stringify(namespace)} is not a valid namespace name`, 'use at most 63 lowercase letters, digits and "-", starting and ending alphanumeric');
  }
  const statsd = p.envoyStatsd;
  const resources = resourcesOf(values);
  return {
    namespace,
    labels: labelsOf(values),
    policy: p.policy,
    imagePullPolicy: g.imagePullPolicy,
    initImage,
    coreDumpImage: v10 ? initImage : `${hub}/proxy_init:${tag}`,
    proxyImage: `${hub}/${proxyName}:${tag}`,
    proxyUid: capture.proxyUid,
    proxyGid: capture.proxyGid,
    // Istio 0.8/1.0's istio-init applies both lists with iptables: IPv4 only.
    ...rangeValues(settings.ranges, 'ipv4'),
    // Read by the same rules as the iptables plan (Istio 0.8's `9080, 9090,` form included).
    excludeInboundPorts: capture.inboundExcluded.join(','),
    enableCoreDump: p.enableCoreDump,
    statsdEnabled: statsd.enabled,
    statsdAddress: `${text(statsd.host, 'global.proxy.envoyStatsd.host')}:${statsd.port}`,
    resources,
    hasResources: resources.length > 0,
    statusPort: p.statusPort,
    prometheusPort: integer(field(field(p, 'stats'), 'prometheusPort'), 15090, 'global.proxy.stats.prometheusPort', 0, 65535),
    readinessInitialDelaySeconds: integer(field(p, 'readinessInitialDelaySeconds'), 1, 'global.proxy.readinessInitialDelaySeconds', 0, 2147483647),
    readinessPeriodSeconds: integer(field(p, 'readinessPeriodSeconds'), 2, 'global.proxy.readinessPeriodSeconds', 1, 2147483647),
    readinessFailureThreshold: integer(field(p, 'readinessFailureThreshold'), 30, 'global.proxy.readinessFailureThreshold', 1, 2147483647),
  };
}

/**
 * Writes the `istio-sidecar-injector` ConfigMap for the settings in their flavour (`0.8` or `1.0`), with the
 * settings' ranges (IPv4, the two lists apart) as `-i`/`-x`. Throws a `RenderInjectorError` (`E_RENDER`, with the
 * key path) for a value only the ConfigMap reads that cannot be rendered safely (a label, a name, a resource).
 *
 * @example
 * ```ts
 * import { writeConfigMap } from '../lib/render/configmap.js';
 * import type { Settings } from '../lib/values/settings.js';
 * declare const settings: Settings;
 * const yaml = writeConfigMap(settings);
 * // yaml starts with "apiVersion: v1\nkind: ConfigMap\n"
 * ```
 */
export function writeConfigMap(settings: Settings): string {
  const context = contextOf(settings);
  return template(`configmap/${settings.version}`)(context);
}
