/**
 * Reads the chart's inbound port lists (`includeInboundPorts`, `excludeInboundPorts`): `"*"`, `""`,
 * `"80,8080"` (Istio 0.8's `9080, 9090,` form with spaces and an empty last item included) or a YAML list.
 */
import { RenderInjectorError, type ErrorPlace } from '../errors.js';

/**
 * Parses a port list into `*` or unique ports in their order. `allowAll: false` refuses `*` (an exclude list).
 * Throws E_VALUES at `place` (the list's origin and key path) for anything else.
 *
 * @example
 * ```ts
 * parsePortList('9080, 9090,', { path: 'global.proxy.includeInboundPorts' }); // [9080, 9090]
 * parsePortList('*', { file: 'values.yaml', line: 3, path: 'global.proxy.includeInboundPorts' }); // '*'
 * ```
 */
export function parsePortList(value: string | ReadonlyArray<string | number>, place: ErrorPlace, allowAll = true): '*' | number[] {
  const items = (typeof value === 'string' ? value.split(',') : value.map((v) => String(v))).map((s) => s.trim());
  const words = items.filter((s) => s !== '');
  if (words.includes('*')) {
    if (!allowAll || words.length !== 1) {
      throw new RenderInjectorError('E_VALUES', `port list ${JSON.stringify(value)} ${allowAll ? 'mixes "*" with ports' : 'cannot be "*"'}`, {
        place,
        hint: allowAll ? 'give either "*" or a list of ports' : 'list the ports to leave uncaptured, e.g. "8080,9090"',
      });
    }
    return '*';
  }
  const ports = new Set<number>();
  for (const w of words) {
    const n = /^[1-9]\d{0,4}$/.test(w) ? Number(w) : NaN;
    if (!(n >= 1 && n <= 65535)) {
      throw new RenderInjectorError('E_VALUES', `port ${JSON.stringify(w)} in ${JSON.stringify(value)} is not a port number`, {
        place,
        hint: 'use whole numbers from 1 to 65535 separated by commas',
      });
    }
    ports.add(n);
  }
  return [...ports];
}
