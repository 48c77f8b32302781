/**
 * Google Kubernetes Engine. Ranges are chosen per cluster, so there are no defaults: discovery reads
 * `gcloud container clusters describe` output (YAML or JSON).
 */
import { Discovery, getPath, isMapping, type PathKey } from './discovery.js';
import type { Provider } from './types.js';

const COMMAND = 'gcloud container clusters describe NAME --zone ZONE --format yaml';
const IAP = 'ipAllocationPolicy';

/**
 * The GKE provider. Reads the pod range (`clusterIpv4Cidr`, `ipAllocationPolicy.clusterIpv4CidrBlock`), the
 * service range (`servicesIpv4Cidr`, `ipAllocationPolicy.servicesIpv4CidrBlock`; recent clusters use
 * 34.118.224.0/20, which is public space and captured all the same), the IPv6 ranges of dual-stack clusters
 * (`ipAllocationPolicy.servicesIpv6CidrBlock`, `subnetIpv6CidrBlock`) and the pod ranges of node pools that use
 * an additional pod range (`nodePools[].networkConfig.podIpv4CidrBlock`).
 *
 * @example
 * ```ts
 * gke.discover('clusterIpv4Cidr: 10.8.0.0/14\nservicesIpv4Cidr: 34.118.224.0/20\n', 'describe.yaml').ranges;
 * ```
 */
export const gke: Provider = {
  name: 'gke',
  title: 'Google Kubernetes Engine',
  command: COMMAND,
  defaults: [],
  presets: {},
  notes: [
    'GKE picks pod and service ranges per cluster: ask gcloud with --discover, or pass the command\'s saved output with --cluster-info.',
    'Clusters created since 2023 put services in 34.118.224.0/20, which is not a private range.',
  ],
  discover(text, file) {
    const d = new Discovery('gke', file, COMMAND);
    const doc = d.pick(d.read(text), [['servicesIpv4Cidr'], ['clusterIpv4Cidr'], [IAP]]);
    const pods = d.cidrs(doc, ['clusterIpv4Cidr'], 'pods') + d.cidrs(doc, [IAP, 'clusterIpv4CidrBlock'], 'pods');
    if (pods === 0) throw d.missing('clusterIpv4Cidr');
    const services =
      d.cidrs(doc, ['servicesIpv4Cidr'], 'services') + d.cidrs(doc, [IAP, 'servicesIpv4CidrBlock'], 'services');
    if (services === 0) throw d.missing('servicesIpv4Cidr');

    const stack = getPath(doc.value, [IAP, 'stackType']);
    const v6services = d.cidrs(doc, [IAP, 'servicesIpv6CidrBlock'], 'services');
    const v6pods = d.cidrs(doc, [IAP, 'subnetIpv6CidrBlock'], 'pods');
    if (stack === 'IPV4_IPV6') {
      if (v6services === 0) throw d.missing(`${IAP}.servicesIpv6CidrBlock`, { line: doc.lineOf([IAP, 'stackType']) });
      if (v6pods === 0) throw d.missing(`${IAP}.subnetIpv6CidrBlock`, { line: doc.lineOf([IAP, 'stackType']) });
    }

    // Node pools created with an additional pod range show its CIDR in their network config.
    const pools = getPath(doc.value, ['nodePools']);
    const usedRanges = new Set<string>();
    if (Array.isArray(pools)) {
      pools.forEach((pool, i) => {
        const path: PathKey[] = ['nodePools', i, 'networkConfig'];
        d.cidrs(doc, [...path, 'podIpv4CidrBlock'], 'pods');
        const name = isMapping(pool) ? getPath(pool, ['networkConfig', 'podRange']) : undefined;
        if (typeof name === 'string') usedRanges.add(name);
      });
    }
    const extra = getPath(doc.value, [IAP, 'additionalPodRangesConfig', 'podRangeNames']);
    if (Array.isArray(extra)) {
      for (const name of extra) {
        if (typeof name === 'string' && !usedRanges.has(name)) {
          d.warn(
            'W_GKE_POD_RANGE',
            `additional pod range ${name} is used by no node pool in ${file}, so its CIDR is unknown; find it with gcloud compute networks subnets describe and add it with --include`,
            { line: doc.lineOf([IAP, 'additionalPodRangesConfig', 'podRangeNames']), path: `${IAP}.additionalPodRangesConfig.podRangeNames` },
          );
        }
      }
    }
    return d.result();
  },
};
