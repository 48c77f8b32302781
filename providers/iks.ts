/** IBM Cloud Kubernetes Service. */
import { Discovery, staticRange } from './discovery.js';
import type { Provider } from './types.js';

const COMMAND = 'ibmcloud ks cluster get --cluster NAME --output json';

/**
 * The IKS provider: pods 172.30.0.0/16 and services 172.21.0.0/16 by default. Istio 0.8's page gave
 * 172.20.0.0/16 for services (a docs error) and 10.10.10.0/24 for clusters of that era; that set is the
 * `legacy` preset, never the default. Discovery reads `podSubnet` and `serviceSubnet`.
 *
 * @example
 * ```ts
 * iks.defaults.map((r) => r.cidr); // ['172.30.0.0/16', '172.21.0.0/16']
 * ```
 */
export const iks: Provider = {
  name: 'iks',
  title: 'IBM Cloud Kubernetes Service',
  command: COMMAND,
  defaults: [
    staticRange('172.30.0.0/16', 'pods', 'iks default pod subnet'),
    staticRange('172.21.0.0/16', 'services', 'iks default service subnet'),
  ],
  presets: {
    legacy: {
      description: 'the set Istio 0.8 documented for IKS clusters of 2018 (172.20.0.0/16 was a docs error for most clusters)',
      ranges: [
        staticRange('172.30.0.0/16', 'pods', 'iks legacy preset (Istio 0.8 docs)'),
        staticRange('172.20.0.0/16', 'services', 'iks legacy preset (Istio 0.8 docs)'),
        staticRange('10.10.10.0/24', 'other', 'iks legacy preset (Istio 0.8 docs)'),
      ],
    },
  },
  notes: ['A cluster created with custom --pod-subnet or --service-subnet needs --cluster-info.'],
  discover(text, file) {
    const d = new Discovery('iks', file, COMMAND);
    const doc = d.pick(d.read(text), [['serviceSubnet'], ['podSubnet']]);
    if (d.cidrs(doc, ['podSubnet'], 'pods') === 0) throw d.missing('podSubnet');
    if (d.cidrs(doc, ['serviceSubnet'], 'services') === 0) throw d.missing('serviceSubnet');
    return d.result();
  },
};
