/** Azure Container Service (acs-engine). */
import { Discovery, getPath, staticRange } from './discovery.js';
import type { Provider } from './types.js';

const COMMAND = 'cat _output/DNS_PREFIX/apimodel.json   # the cluster definition acs-engine generated';
const KC = ['properties', 'orchestratorProfile', 'kubernetesConfig'] as const;

/**
 * The ACS provider: pods 10.244.0.0/16 and nodes 10.240.0.0/16 (the set Istio's page gave) plus services
 * 10.0.0.0/16, which that page left out. Discovery reads `kubernetesConfig.clusterSubnet` and `serviceCidr` from
 * the acs-engine cluster definition.
 *
 * @example
 * ```ts
 * acs.defaults.map((r) => r.cidr); // ['10.244.0.0/16', '10.240.0.0/16', '10.0.0.0/16']
 * ```
 */
export const acs: Provider = {
  name: 'acs',
  title: 'Azure Container Service (acs-engine)',
  command: COMMAND,
  defaults: [
    staticRange('10.244.0.0/16', 'pods', 'acs default (kubernetesConfig.clusterSubnet)'),
    staticRange('10.240.0.0/16', 'nodes', 'acs default node subnet'),
    staticRange('10.0.0.0/16', 'services', 'acs default (kubernetesConfig.serviceCidr; missing from Istio 0.8 docs)'),
  ],
  presets: {},
  notes: [
    'Discovery reads the pod and service networks only; add the node subnet with --include if traffic to nodes must go through the sidecar.',
  ],
  discover(text, file) {
    const d = new Discovery('acs', file, COMMAND);
    const doc = d.pick(d.read(text), [[...KC]]);
    if (d.cidrs(doc, [...KC, 'serviceCidr'], 'services') === 0) throw d.missing(`${KC.join('.')}.serviceCidr`);
    if (d.cidrs(doc, [...KC, 'clusterSubnet'], 'pods') === 0) {
      if (getPath(doc.value, [...KC, 'networkPlugin']) !== 'azure') throw d.missing(`${KC.join('.')}.clusterSubnet`);
      d.warn('W_VNET_PODS', `pods take addresses from the VNet subnet with the azure network plugin; add that subnet with --include`, {
        path: `${KC.join('.')}.networkPlugin`,
        line: doc.lineOf([...KC, 'networkPlugin']),
      });
    }
    return d.result();
  },
};
