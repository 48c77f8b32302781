/** Amazon Elastic Kubernetes Service. */
import { Discovery, getPath, isMapping } from './discovery.js';
import type { Provider } from './types.js';

const COMMAND =
  'aws eks describe-cluster --name NAME --output json; aws ec2 describe-vpcs --vpc-ids VPC_ID --output json';
const KNC = ['cluster', 'kubernetesNetworkConfig'] as const;

/**
 * The EKS provider. There are no defaults: the VPC CNI gives pods addresses from the VPC, so discovery reads the
 * service range from `aws eks describe-cluster` (`cluster.kubernetesNetworkConfig.{serviceIpv4Cidr,
 * serviceIpv6Cidr, ipFamily}`) and the VPC's CIDRs from `aws ec2 describe-vpcs` output appended to the same
 * input (associated blocks only: a block being or already disassociated is left out), and the pod networks of
 * hybrid nodes (`cluster.remoteNetworkConfig.remotePodNetworks[].cidrs`). Without the VPC part it warns: add the
 * VPC range with `--include`.
 *
 * @example
 * ```ts
 * eks.discover('{"cluster":{"kubernetesNetworkConfig":{"serviceIpv4Cidr":"172.20.0.0/16","ipFamily":"ipv4"}}}', 'eks.json');
 * ```
 */
export const eks: Provider = {
  name: 'eks',
  title: 'Amazon Elastic Kubernetes Service',
  command: COMMAND,
  defaults: [],
  presets: {},
  notes: [
    'Pods use addresses of the VPC: append aws ec2 describe-vpcs output to the cluster info, or pass the VPC CIDRs with --include.',
  ],
  discover(text, file) {
    const d = new Discovery('eks', file, COMMAND);
    const docs = d.read(text);
    const doc = d.pick(docs, [[...KNC]]);
    const family = getPath(doc.value, [...KNC, 'ipFamily']) ?? 'ipv4';
    const key = family === 'ipv6' ? 'serviceIpv6Cidr' : 'serviceIpv4Cidr';
    if (d.cidrs(doc, [...KNC, key], 'services') === 0) throw d.missing(`${KNC.join('.')}.${key}`);
    d.cidrs(doc, [...KNC, family === 'ipv6' ? 'serviceIpv4Cidr' : 'serviceIpv6Cidr'], 'services');

    // Hybrid nodes: the pod networks of nodes outside AWS.
    const remote = getPath(doc.value, ['cluster', 'remoteNetworkConfig', 'remotePodNetworks']);
    if (Array.isArray(remote)) remote.forEach((_, i) => d.cidrs(doc, ['cluster', 'remoteNetworkConfig', 'remotePodNetworks', i, 'cidrs'], 'pods'));

    const vpcId = getPath(doc.value, ['cluster', 'resourcesVpcConfig', 'vpcId']);
    let vpcs = 0;
    for (const vdoc of docs) {
      const list = getPath(vdoc.value, ['Vpcs']);
      if (!Array.isArray(list)) continue;
      list.forEach((vpc, i) => {
        if (!isMapping(vpc) || (typeof vpcId === 'string' && vpc['VpcId'] !== vpcId)) return;
        vpcs += d.cidrs(vdoc, ['Vpcs', i, 'CidrBlock'], 'vpc');
        for (const [set, field] of [
          ['CidrBlockAssociationSet', 'CidrBlock'],
          ['Ipv6CidrBlockAssociationSet', 'Ipv6CidrBlock'],
        ] as const) {
          const assoc = vpc[set];
          if (!Array.isArray(assoc)) continue;
          assoc.forEach((a, j) => {
            const state = getPath(a, [`${field}State`, 'State']);
            if (state === undefined || state === 'associated') vpcs += d.cidrs(vdoc, ['Vpcs', i, set, j, field], 'vpc');
          });
        }
      });
    }
    if (vpcs === 0) {
      d.warn(
        'W_EKS_VPC',
        `${file} has no describe-vpcs output${typeof vpcId === 'string' ? ` for ${vpcId}` : ''}, so the pod (VPC) range is unknown; append aws ec2 describe-vpcs output or add the VPC CIDR with --include`,
        { path: 'Vpcs' },
      );
    }
    const { ranges, warnings } = d.result();
    return {
      ranges: ranges.map((r) => (r.role === 'vpc' ? { ...r, source: `${r.source} (an associated VPC CIDR block: the VPC CNI gives pods addresses from it)` } : r)),
      warnings,
    };
  },
};
