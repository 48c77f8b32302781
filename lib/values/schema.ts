/**
 * The one schema of the values render-injector reads. It gives the static `Values` type, validates at
 * runtime, and is exported as a Helm-style `values.schema.json` (draft-07). Only the keys injection uses are
 * described; every other key of a chart's values file passes through untouched (`additionalProperties` stays open).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** A comma-separated range list as the chart takes it (`"*"`, `""`, `"10.0.0.0/8,172.16.0.0/12"`), or a YAML list. */
const rangeList = (fallback: string, description: string) =>
  Type.Union([Type.String(), Type.Array(Type.String())], {
    default: fallback,
    description: `${description} Comma-separated CIDRs, "*" for everything, "" for nothing; a YAML list is accepted too.`,
  });

/** A comma-separated port list (`"*"`, `""`, `"80,8080"`), or a YAML list of ports. */
const portList = (fallback: string, description: string) =>
  Type.Union([Type.String(), Type.Array(Type.Union([Type.Integer({ minimum: 1, maximum: 65535 }), Type.String()]))], {
    default: fallback,
    description: `${description} Comma-separated ports, "*" for every port, "" for none; a YAML list is accepted too.`,
  });

const Quantity = Type.Union([Type.String(), Type.Number()]);
const ResourceAmounts = Type.Object(
  { cpu: Type.Optional(Quantity), memory: Type.Optional(Quantity) },
  { additionalProperties: Quantity },
);
const Resources = Type.Object(
  { requests: Type.Optional(ResourceAmounts), limits: Type.Optional(ResourceAmounts) },
  {
    additionalProperties: false,
    default: { requests: { cpu: '100m', memory: '128Mi' } },
    description: 'Kubernetes resource requests and limits of the istio-proxy sidecar.',
  },
);

const open = { additionalProperties: true } as const;

/** The `global.proxy` section. */
export const ProxySchema = Type.Object(
  {
    image: Type.String({ default: 'proxyv2', description: 'Sidecar image name, pulled as {hub}/{image}:{tag}.' }),
    includeIPRanges: rangeList('*', 'Outbound destinations captured by the sidecar.'),
    excludeIPRanges: rangeList('', 'Outbound destinations never captured.'),
    includeInboundPorts: portList('*', 'Inbound ports captured.'),
    excludeInboundPorts: portList('', 'Inbound ports never captured (used with "*").'),
    policy: Type.Union([Type.Literal('enabled'), Type.Literal('disabled')], { default: 'enabled' }),
    enableCoreDump: Type.Boolean({ default: false }),
    resources: Resources,
    statusPort: Type.Integer({ minimum: 0, maximum: 65535, default: 15020, description: 'Istio 1.0 status port (0 disables).' }),
    envoyStatsd: Type.Object(
      {
        enabled: Type.Boolean({ default: true }),
        host: Type.String({ default: 'istio-statsd-prom-bridge' }),
        port: Type.Integer({ minimum: 1, maximum: 65535, default: 9125 }),
      },
      { ...open, default: {} },
    ),
  },
  { ...open, default: {} },
);

/** render-injector's own settings; not part of Istio's chart. */
export const RenderInjectorSchema = Type.Object(
  {
    istioVersion: Type.Union([Type.Literal('0.8'), Type.Literal('1.0'), Type.Unsafe<`1.${number}`>(Type.String({ pattern: '^1\\.(?:[2-9][0-9]|[1-9][0-9]{2,})$' }))], {
      default: '0.8',
      description: 'Istio version: 0.8 or 1.0 (the 2018 charts, rendered as a ConfigMap), or 1.N with N >= 20 (istiod; values overlays).',
    }),
    proxyPort: Type.Integer({ minimum: 1, maximum: 65535, default: 15001, description: 'Port the sidecar listens on for captured traffic.' }),
    proxyUid: Type.Integer({ minimum: 0, maximum: 4294967294, default: 1337, description: 'UID of the proxy; its traffic is never captured.' }),
    proxyGid: Type.Integer({
      minimum: 0,
      maximum: 4294967294,
      default: 1337,
      description: 'GID of the proxy; its traffic is never captured. Follows proxyUid unless set (Istio exempts one id as both).',
    }),
    interceptionMode: Type.Union([Type.Literal('REDIRECT'), Type.Literal('TPROXY')], { default: 'REDIRECT' }),
    ipv6: Type.Union([Type.Literal('auto'), Type.Boolean()], {
      default: 'auto',
      description:
        'IPv6 capture: "auto" captures IPv6 when an include list names an IPv6 range; true always captures IPv6 (inbound ports too); false never touches IPv6.',
    }),
    blockInboundIpv6: Type.Boolean({
      default: false,
      description:
        'When IPv6 is not captured, reject new inbound IPv6 connections (loopback, replies, related errors and ICMPv6 such as neighbour discovery stay allowed); false leaves IPv6 alone, as Istio does since 1.5.',
    }),
    namespace: Type.String({ default: 'istio-system', description: 'Namespace of the ConfigMap (Helm release namespace).' }),
    releaseName: Type.String({ default: 'istio', description: 'Helm release name used in labels.' }),
    chartVersion: Type.Optional(
      Type.String({ description: "Chart version in the `chart` label (istio-VERSION); defaults to the flavour's chart version, 0.8.0 or 1.0.0." }),
    ),
    labels: Type.Record(Type.String(), Type.String(), { default: {}, description: 'Extra labels on the ConfigMap.' }),
  },
  { additionalProperties: false, default: {} },
);

/** The whole values tree render-injector reads. */
export const ValuesSchema = Type.Object(
  {
    global: Type.Object(
      {
        hub: Type.String({ default: 'docker.io/istio', description: 'Image registry and repository prefix.' }),
        tag: Type.String({ default: '0.8.latest', description: 'Image tag.' }),
        imagePullPolicy: Type.Union([Type.Literal('Always'), Type.Literal('IfNotPresent'), Type.Literal('Never')], {
          default: 'IfNotPresent',
        }),
        proxy: ProxySchema,
        proxy_init: Type.Object({ image: Type.String({ default: 'proxy_init' }) }, { ...open, default: {} }),
      },
      { ...open, default: {} },
    ),
    sidecarInjectorWebhook: Type.Object(
      {
        enabled: Type.Boolean({ default: true }),
        image: Type.String({ default: 'sidecar_injector' }),
        enableNamespacesByDefault: Type.Boolean({ default: false }),
      },
      { ...open, default: {} },
    ),
    renderInjector: RenderInjectorSchema,
  },
  {
    ...open,
    $id: 'https://render-injector.dev/values.schema.json',
    title: 'render-injector values',
    description: 'Istio chart values used for sidecar injection, plus render-injector settings.',
  },
);

/** The validated, defaulted values every later stage trusts. Unknown keys are kept as they came. */
export type Values = Static<typeof ValuesSchema>;
/** The `global.proxy` section of {@link Values}. */
export type ProxyValues = Static<typeof ProxySchema>;
/** render-injector's own settings of {@link Values}. */
export type RenderInjectorSettings = Static<typeof RenderInjectorSchema>;

/**
 * Returns the schema as a Helm `values.schema.json` document (JSON Schema draft-07). Every key has a default,
 * so nothing is `required`: a chart's own values.yaml, or a user file that sets one key, validates as it is.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { valuesSchema } from 'render-injector';
 * writeFileSync('values.schema.json', JSON.stringify(valuesSchema(), null, 2));
 * ```
 */
export function valuesSchema(): Record<string, unknown> {
  const plain = (s: TSchema): unknown => JSON.parse(JSON.stringify(s, (key, value) => (key === 'required' && Array.isArray(value) ? undefined : value)));
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...(plain(ValuesSchema) as object) };
}
