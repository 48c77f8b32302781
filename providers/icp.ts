/** IBM Cloud Private. */
import { Discovery, staticRange } from './discovery.js';
import type { Provider } from './types.js';

const COMMAND = 'cat cluster/config.yaml   # in the ICP installation directory on the boot node';

/**
 * The ICP provider: pods 10.1.0.0/16 and services 10.0.0.0/24 (ICP's config writes `10.0.0.1/24`; the host bits
 * are cleared). Discovery reads `network_cidr` and `service_cluster_ip_range` from `cluster/config.yaml`.
 *
 * @example
 * ```ts
 * icp.defaults.map((r) => r.cidr); // ['10.1.0.0/16', '10.0.0.0/24']
 * ```
 */
export const icp: Provider = {
  name: 'icp',
  title: 'IBM Cloud Private',
  command: COMMAND,
  defaults: [
    staticRange('10.1.0.0/16', 'pods', 'icp default (config.yaml network_cidr)'),
    staticRange('10.0.0.0/24', 'services', 'icp default (config.yaml service_cluster_ip_range 10.0.0.1/24)'),
  ],
  presets: {},
  notes: [],
  discover(text, file) {
    const d = new Discovery('icp', file, COMMAND);
    const doc = d.pick(d.read(text), [['service_cluster_ip_range'], ['network_cidr']]);
    if (d.cidrs(doc, ['network_cidr'], 'pods') === 0) throw d.missing('network_cidr');
    if (d.cidrs(doc, ['service_cluster_ip_range'], 'services') === 0) throw d.missing('service_cluster_ip_range');
    return d.result();
  },
};
