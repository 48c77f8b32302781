/** Any cluster reachable with kubectl. */
import { Discovery, getPath, isMapping, type ParsedDoc, type PathKey } from './discovery.js';
import { POD_FLAG, SERVICE_FLAG } from './flags.js';
import type { Provider } from './types.js';

const COMMAND = 'kubectl cluster-info dump   # or: kubectl get servicecidrs.v1.networking.k8s.io -o json; kubectl get nodes -o json';

/**
 * The generic provider for any cluster. No defaults. Discovery reads `--service-cluster-ip-range` and
 * `--cluster-cidr` from `kubectl cluster-info dump` output; without `--service-cluster-ip-range` it takes the
 * `spec.cidrs` of ServiceCIDR objects (`kubectl get servicecidrs -o json`, Kubernetes 1.33+), and without
 * `--cluster-cidr` the nodes' `spec.podCIDRs` (from the dump or from `kubectl get nodes -o json`), which cover
 * only the nodes that exist now.
 *
 * @example
 * ```ts
 * kubectl.discover('"--service-cluster-ip-range=10.96.0.0/12",\n"--cluster-cidr=10.244.0.0/16",\n', 'dump.txt').ranges.length; // 2
 * ```
 */
export const kubectl: Provider = {
  name: 'kubectl',
  title: 'Any cluster (kubectl)',
  command: COMMAND,
  defaults: [],
  presets: {},
  notes: [
    'Node podCIDRs cover only the nodes that exist now; the --cluster-cidr flag from kubectl cluster-info dump covers new nodes too.',
  ],
  discover(text, file) {
    const d = new Discovery('kubectl', file, COMMAND);
    if (text.trim() === '') d.read(text);
    let docs: ParsedDoc[] | undefined;
    const read = () => (docs ??= d.read(text));
    let services = d.flag(text, SERVICE_FLAG, 'services');
    if (services === 0) for (const doc of read()) services += serviceCidrObjects(d, doc);
    let pods = d.flag(text, POD_FLAG, 'pods');
    if (pods === 0) {
      for (const doc of read()) pods += nodePodCidrs(d, doc);
      if (pods > 0) {
        d.warn(
          'W_NODE_POD_CIDRS',
          `pod ranges come from the nodes' podCIDRs in ${file}: per-node slices that cover only today's nodes (a node added later gets a new slice); pass the cluster's whole pod network (kube-controller-manager --cluster-cidr) with --include CIDR`,
        );
      }
    }
    if (services === 0) {
      if (pods === 0) throw d.missing(`--${SERVICE_FLAG}`);
      d.warn(
        'W_NO_SERVICE_RANGE',
        `no --${SERVICE_FLAG} flag or ServiceCIDR object in ${file}, so the service network was not discovered; add kubectl cluster-info dump output or --include`,
        { path: `--${SERVICE_FLAG}` },
      );
    }
    return d.result();
  },
};

/** Adds `spec.cidrs` of a ServiceCIDR (networking.k8s.io) or of each ServiceCIDR in a list; returns how many. */
function serviceCidrObjects(d: Discovery, doc: ParsedDoc): number {
  const items = getPath(doc.value, ['items']);
  const kind = getPath(doc.value, ['kind']);
  // The API server's ServiceCIDRList leaves out each item's kind; kubectl's List names it.
  const isServiceCidr = (item: unknown) => isMapping(item) && (item['kind'] === 'ServiceCIDR' || (kind === 'ServiceCIDRList' && item['kind'] === undefined));
  const paths: PathKey[][] = Array.isArray(items)
    ? items.flatMap((item, i) => (isServiceCidr(item) ? [['items', i, 'spec', 'cidrs']] : []))
    : kind === 'ServiceCIDR'
      ? [['spec', 'cidrs']]
      : [];
  let n = 0;
  for (const p of paths) n += d.cidrs(doc, p, 'services');
  return n;
}

/** Adds `spec.podCIDRs` / `spec.podCIDR` of a Node or of each item of a NodeList; returns how many. */
function nodePodCidrs(d: Discovery, doc: ParsedDoc): number {
  const paths: PathKey[][] = [];
  const items = getPath(doc.value, ['items']);
  if (Array.isArray(items)) {
    items.forEach((item, i) => {
      if (isMapping(item) && item['kind'] !== undefined && item['kind'] !== 'Node') return;
      paths.push(['items', i, 'spec']);
    });
  } else if (getPath(doc.value, ['kind']) === 'Node') paths.push(['spec']);
  let n = 0;
  for (const p of paths) {
    const plural = d.cidrs(doc, [...p, 'podCIDRs'], 'pods');
    n += plural > 0 ? plural : d.cidrs(doc, [...p, 'podCIDR'], 'pods');
  }
  return n;
}
