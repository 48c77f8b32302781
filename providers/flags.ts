/**
 * Discovery from Kubernetes component flags, shared by the providers whose clusters run a kube-apiserver and
 * kube-controller-manager with visible arguments (minikube, kind, docker-desktop, microk8s, kubectl).
 */
import type { Discovery } from './discovery.js';
import type { DiscoveryResult } from './types.js';

/** The apiserver flag that holds the service network, comma-separated for dual-stack. */
export const SERVICE_FLAG = 'service-cluster-ip-range';
/** The controller-manager / kube-proxy flag that holds the pod network, comma-separated for dual-stack. */
export const POD_FLAG = 'cluster-cidr';

/**
 * Whether `text` carries either flag, i.e. looks like `kubectl cluster-info dump` output or an args file.
 *
 * @example
 * ```ts
 * hasClusterFlags('"--cluster-cidr=10.244.0.0/16",'); // true
 * ```
 */
export function hasClusterFlags(text: string): boolean {
  return text.includes(`--${SERVICE_FLAG}`) || text.includes(`--${POD_FLAG}`);
}

/**
 * Reads `--service-cluster-ip-range` and `--cluster-cidr` from `text`. The service range is required; a missing
 * pod range is a warning, because some network plugins allocate pod addresses without that flag.
 *
 * @example
 * ```ts
 * import { Discovery } from '../providers/discovery.js';
 * import { discoverFromFlags } from '../providers/flags.js';
 * const d = new Discovery('minikube', 'dump.txt', 'kubectl cluster-info dump');
 * discoverFromFlags(d, '--service-cluster-ip-range=10.96.0.0/12 --cluster-cidr=10.244.0.0/16').ranges.map((r) => r.cidr);
 * // ['10.96.0.0/12', '10.244.0.0/16']
 * ```
 */
export function discoverFromFlags(d: Discovery, text: string): DiscoveryResult {
  if (text.trim() === '') d.read(text);
  const services = d.flag(text, SERVICE_FLAG, 'services');
  if (services === 0) throw d.missing(`--${SERVICE_FLAG}`);
  const pods = d.flag(text, POD_FLAG, 'pods');
  if (pods === 0) {
    d.warn(
      'W_NO_POD_RANGE',
      `no --${POD_FLAG} flag in ${d.file}, so the pod network was not discovered; add it with --include`,
      { path: `--${POD_FLAG}` },
    );
  }
  return d.result();
}
