/** kind (Kubernetes in Docker). */
import { Discovery, getPath, isMapping, staticRange } from './discovery.js';
import { discoverFromFlags, hasClusterFlags } from './flags.js';
import type { Provider, ProviderRange } from './types.js';

const COMMAND = 'cat kind-config.yaml   # the file given to kind create cluster --config (or: kubectl cluster-info dump)';

const FAMILY_DEFAULTS: Record<string, { pods: string[]; services: string[] }> = {
  ipv4: { pods: ['10.244.0.0/16'], services: ['10.96.0.0/16'] },
  ipv6: { pods: ['fd00:10:244::/56'], services: ['fd00:10:96::/112'] },
  dual: { pods: ['10.244.0.0/16', 'fd00:10:244::/56'], services: ['10.96.0.0/16', 'fd00:10:96::/112'] },
};

function familyRanges(family: string, why: string): ProviderRange[] {
  const set = FAMILY_DEFAULTS[family] as { pods: string[]; services: string[] };
  return [
    ...set.pods.map((c) => staticRange(c, 'pods', `kind default for ipFamily ${family} (networking.podSubnet)${why}`)),
    ...set.services.map((c) => staticRange(c, 'services', `kind default for ipFamily ${family} (networking.serviceSubnet)${why}`)),
  ];
}

/**
 * The kind provider: pods 10.244.0.0/16 and services 10.96.0.0/16 (IPv6: fd00:10:244::/56, fd00:10:96::/112,
 * presets `ipv6` and `dual`). Discovery reads a kind `Cluster` config (`networking.podSubnet`, `serviceSubnet`,
 * `ipFamily`; unset fields take kind's defaults for the family), or `kubectl cluster-info dump` output.
 *
 * @example
 * ```ts
 * kind.presets.dual?.ranges.length; // 4
 * ```
 */
export const kind: Provider = {
  name: 'kind',
  title: 'kind (Kubernetes in Docker)',
  command: COMMAND,
  defaults: familyRanges('ipv4', ''),
  presets: {
    ipv6: { description: 'a cluster created with networking.ipFamily: ipv6', ranges: familyRanges('ipv6', '') },
    dual: { description: 'a cluster created with networking.ipFamily: dual', ranges: familyRanges('dual', '') },
  },
  notes: [],
  discover(text, file) {
    const d = new Discovery('kind', file, COMMAND);
    if (hasClusterFlags(text)) return discoverFromFlags(d, text);
    const doc = d.read(text).find((x) => {
      const api = getPath(x.value, ['apiVersion']);
      return isMapping(x.value) && typeof api === 'string' && api.startsWith('kind.x-k8s.io/');
    });
    if (!doc) throw d.missing('apiVersion: kind.x-k8s.io/v1alpha4 (a kind Cluster config)');
    const family = getPath(doc.value, ['networking', 'ipFamily']) ?? 'ipv4';
    if (typeof family !== 'string' || !Object.hasOwn(FAMILY_DEFAULTS, family)) {
      throw d.error(`kind cluster info field networking.ipFamily in ${file} is ${JSON.stringify(family)}, not ipv4, ipv6 or dual`, {
        path: 'networking.ipFamily',
        line: doc.lineOf(['networking', 'ipFamily']),
      });
    }
    const fallback = familyRanges(family, ` not set in ${file}`);
    for (const [field, role] of [
      ['podSubnet', 'pods'],
      ['serviceSubnet', 'services'],
    ] as const) {
      if (d.cidrs(doc, ['networking', field], role) === 0) fallback.filter((r) => r.role === role).forEach((r) => d.add(r));
    }
    return d.result();
  },
};
