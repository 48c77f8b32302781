/** Canonical MicroK8s. */
import { Discovery, staticRange } from './discovery.js';
import { discoverFromFlags } from './flags.js';
import type { Provider } from './types.js';

const COMMAND = 'cat /var/snap/microk8s/current/args/kube-apiserver /var/snap/microk8s/current/args/kube-proxy';

/**
 * The MicroK8s provider: services 10.152.183.0/24 and pods 10.1.0.0/16 (Calico's pool). MicroK8s runs its
 * components outside pods, so discovery reads the flags from its args files (a `kubectl cluster-info dump`
 * that shows them works too).
 *
 * @example
 * ```ts
 * microk8s.discover('--service-cluster-ip-range=10.152.183.0/24\n--cluster-cidr=10.1.0.0/16\n', 'args').ranges;
 * ```
 */
export const microk8s: Provider = {
  name: 'microk8s',
  title: 'MicroK8s',
  command: COMMAND,
  defaults: [
    staticRange('10.152.183.0/24', 'services', 'microk8s default (args/kube-apiserver --service-cluster-ip-range)'),
    staticRange('10.1.0.0/16', 'pods', 'microk8s default (args/kube-proxy --cluster-cidr, Calico pool)'),
  ],
  presets: {},
  notes: [],
  discover(text, file) {
    return discoverFromFlags(new Discovery('microk8s', file, COMMAND), text);
  },
};
