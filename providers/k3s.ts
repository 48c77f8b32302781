/** K3s. */
import { Discovery, isMapping, staticRange } from './discovery.js';
import { discoverFromFlags, hasClusterFlags } from './flags.js';
import type { Provider } from './types.js';

const COMMAND = 'cat /etc/rancher/k3s/config.yaml';
const DEFAULTS = { 'cluster-cidr': '10.42.0.0/16', 'service-cidr': '10.43.0.0/16' } as const;

/**
 * The K3s provider: pods 10.42.0.0/16 and services 10.43.0.0/16. Discovery reads `cluster-cidr` and
 * `service-cidr` from the k3s config file (unset keys take k3s's defaults, with a warning when both are unset),
 * or the same flags from a `k3s server` command line.
 *
 * @example
 * ```ts
 * k3s.discover('cluster-cidr: 10.42.0.0/16,2001:cafe:42::/56\nservice-cidr: 10.43.0.0/16,2001:cafe:43::/112\n', 'config.yaml');
 * ```
 */
export const k3s: Provider = {
  name: 'k3s',
  title: 'K3s',
  command: COMMAND,
  defaults: [
    staticRange(DEFAULTS['cluster-cidr'], 'pods', 'k3s default (--cluster-cidr)'),
    staticRange(DEFAULTS['service-cidr'], 'services', 'k3s default (--service-cidr)'),
  ],
  presets: {},
  notes: [],
  discover(text, file) {
    const d = new Discovery('k3s', file, COMMAND);
    if (text.includes('--service-cidr') || hasClusterFlags(text)) {
      const pods = d.flag(text, 'cluster-cidr', 'pods');
      const services = d.flag(text, 'service-cidr', 'services');
      if (pods + services > 0) {
        if (pods === 0) d.add(staticRange(DEFAULTS['cluster-cidr'], 'pods', `k3s default (--cluster-cidr not in ${file})`));
        if (services === 0) d.add(staticRange(DEFAULTS['service-cidr'], 'services', `k3s default (--service-cidr not in ${file})`));
        return d.result();
      }
      return discoverFromFlags(d, text);
    }
    const doc = d.read(text).find((x) => isMapping(x.value));
    if (!doc) throw d.missing('cluster-cidr');
    let found = 0;
    for (const [key, role] of [
      ['cluster-cidr', 'pods'],
      ['service-cidr', 'services'],
    ] as const) {
      const n = d.cidrs(doc, [key], role);
      if (n === 0) d.add(staticRange(DEFAULTS[key], role, `k3s default (${key} not set in ${file})`));
      found += n;
    }
    if (found === 0) d.warn('W_DEFAULTS_USED', `${file} sets neither cluster-cidr nor service-cidr; using the k3s defaults`);
    return d.result();
  },
};
