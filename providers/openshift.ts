/** Red Hat OpenShift 4. */
import { Discovery, getPath, staticRange } from './discovery.js';
import type { Provider } from './types.js';

const COMMAND = 'oc get network.config cluster --output yaml';

/**
 * The OpenShift provider: pods 10.128.0.0/14 and services 172.30.0.0/16. Discovery reads
 * `spec.clusterNetwork[].cidr` and `spec.serviceNetwork[]` (or the same under `status`) of the cluster's
 * `Network` config.
 *
 * @example
 * ```ts
 * openshift.defaults.map((r) => r.cidr); // ['10.128.0.0/14', '172.30.0.0/16']
 * ```
 */
export const openshift: Provider = {
  name: 'openshift',
  title: 'Red Hat OpenShift',
  command: COMMAND,
  defaults: [
    staticRange('10.128.0.0/14', 'pods', 'openshift default (spec.clusterNetwork)'),
    staticRange('172.30.0.0/16', 'services', 'openshift default (spec.serviceNetwork)'),
  ],
  presets: {},
  notes: [],
  discover(text, file) {
    const d = new Discovery('openshift', file, COMMAND);
    const doc = d.pick(d.read(text), [['spec', 'serviceNetwork'], ['status', 'serviceNetwork']]);
    const base = getPath(doc.value, ['spec', 'serviceNetwork']) !== undefined ? 'spec' : 'status';
    const nets = getPath(doc.value, [base, 'clusterNetwork']);
    let pods = 0;
    if (Array.isArray(nets)) nets.forEach((_, i) => (pods += d.cidrs(doc, [base, 'clusterNetwork', i, 'cidr'], 'pods')));
    if (pods === 0) throw d.missing(`${base}.clusterNetwork[].cidr`);
    if (d.cidrs(doc, [base, 'serviceNetwork'], 'services') === 0) throw d.missing(`${base}.serviceNetwork`);
    return d.result();
  },
};
