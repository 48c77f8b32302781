/** Docker Desktop's built-in Kubernetes. */
import { Discovery, staticRange } from './discovery.js';
import { discoverFromFlags } from './flags.js';
import type { Provider } from './types.js';

const COMMAND = 'kubectl --context docker-desktop cluster-info dump';

/**
 * The Docker Desktop provider: services 10.96.0.0/12 and pods 10.1.0.0/16 (its kubeadm setup). Discovery reads
 * the flags from `kubectl cluster-info dump`, as for minikube.
 *
 * @example
 * ```ts
 * dockerDesktop.defaults.map((r) => r.cidr); // ['10.96.0.0/12', '10.1.0.0/16']
 * ```
 */
export const dockerDesktop: Provider = {
  name: 'docker-desktop',
  title: 'Docker Desktop Kubernetes',
  command: COMMAND,
  defaults: [
    staticRange('10.96.0.0/12', 'services', 'docker-desktop default (kubeadm --service-cluster-ip-range)'),
    staticRange('10.1.0.0/16', 'pods', 'docker-desktop default (kube-controller-manager --cluster-cidr)'),
  ],
  presets: {},
  notes: [],
  discover(text, file) {
    return discoverFromFlags(new Discovery('docker-desktop', file, COMMAND), text);
  },
};
