/** Azure Kubernetes Service. */
import { Discovery, getPath, staticRange } from './discovery.js';
import type { Provider } from './types.js';

const COMMAND = 'az aks show --resource-group RG --name NAME --output json';
const NP = 'networkProfile';

/**
 * The AKS provider: kubenet and Azure CNI Overlay clusters use pods 10.244.0.0/16 and services 10.0.0.0/16 by
 * default. Discovery reads `networkProfile.{podCidrs, podCidr, serviceCidrs, serviceCidr}`; Azure CNI without
 * overlay gives pods addresses from the VNet subnet, which `az aks show` does not print, so that case warns and
 * the subnet is added with `--include`.
 *
 * @example
 * ```ts
 * aks.discover('{"networkProfile":{"podCidr":"10.244.0.0/16","serviceCidr":"10.0.0.0/16"}}', 'aks.json').ranges.length; // 2
 * ```
 */
export const aks: Provider = {
  name: 'aks',
  title: 'Azure Kubernetes Service',
  command: COMMAND,
  defaults: [
    staticRange('10.244.0.0/16', 'pods', 'aks default (kubenet / Azure CNI Overlay --pod-cidr)'),
    staticRange('10.0.0.0/16', 'services', 'aks default (--service-cidr)'),
  ],
  presets: {},
  notes: [
    'Azure CNI without overlay gives pods addresses from the VNet subnet: pass that subnet with --include.',
  ],
  discover(text, file) {
    const d = new Discovery('aks', file, COMMAND);
    const doc = d.pick(d.read(text), [[NP]]);
    const services = d.cidrs(doc, [NP, 'serviceCidrs'], 'services') + d.cidrs(doc, [NP, 'serviceCidr'], 'services');
    if (services === 0) throw d.missing(`${NP}.serviceCidr`);
    const pods = d.cidrs(doc, [NP, 'podCidrs'], 'pods') + d.cidrs(doc, [NP, 'podCidr'], 'pods');
    if (pods === 0) {
      const plugin = getPath(doc.value, [NP, 'networkPlugin']);
      const mode = getPath(doc.value, [NP, 'networkPluginMode']);
      if (plugin !== 'azure' || mode === 'overlay') throw d.missing(`${NP}.podCidr`);
      d.warn(
        'W_VNET_PODS',
        'this Azure CNI cluster gives pods addresses from the VNet subnet, which az aks show does not print; add the subnet with --include',
        { path: `${NP}.networkPlugin`, line: doc.lineOf([NP, 'networkPlugin']) },
      );
    }
    const families = getPath(doc.value, [NP, 'ipFamilies']);
    if (Array.isArray(families) && families.includes('IPv6') && !d.result().ranges.some((r) => r.role === 'services' && r.cidr.includes(':'))) {
      throw d.missing(`${NP}.serviceCidrs (IPv6)`, { line: doc.lineOf([NP, 'ipFamilies']) });
    }
    return d.result();
  },
};
