/** Minikube. */
import { Discovery, staticRange } from './discovery.js';
import { discoverFromFlags } from './flags.js';
import type { Provider } from './types.js';

const COMMAND = 'kubectl cluster-info dump';

/**
 * The minikube provider: services 10.96.0.0/12 and pods 10.244.0.0/16 (kubeadm-based minikube); the 10.0.0.1/24
 * service range Istio's page gave for the old localkube minikube is the `legacy` preset. Discovery reads the
 * `--service-cluster-ip-range` and `--cluster-cidr` flags from `kubectl cluster-info dump`.
 *
 * @example
 * ```ts
 * minikube.presets.legacy?.ranges[0]?.cidr; // '10.0.0.0/24'
 * ```
 */
export const minikube: Provider = {
  name: 'minikube',
  title: 'Minikube',
  command: COMMAND,
  defaults: [
    staticRange('10.96.0.0/12', 'services', 'minikube default (kubeadm --service-cluster-ip-range)'),
    staticRange('10.244.0.0/16', 'pods', 'minikube default (kubeadm --pod-network-cidr)'),
  ],
  presets: {
    legacy: {
      description: 'localkube-based minikube of 2018 (Istio 0.8 docs gave 10.0.0.1/24)',
      ranges: [staticRange('10.0.0.0/24', 'services', 'minikube legacy preset (Istio 0.8 docs: 10.0.0.1/24)')],
    },
  },
  notes: [],
  discover(text, file) {
    return discoverFromFlags(new Discovery('minikube', file, COMMAND), text);
  },
};
