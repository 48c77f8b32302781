/**
 * The provider registry: every supported cluster kind by name, lookup with "did you mean", and the one function
 * that picks a provider's ranges from cluster info, a preset or its defaults.
 */
import { RenderInjectorError, type Warning } from '../lib/errors.js';
import { didYouMean } from '../lib/suggest.js';
import { acs } from './acs.js';
import { aks } from './aks.js';
import { dockerDesktop } from './docker-desktop.js';
import { eks } from './eks.js';
import { gke } from './gke.js';
import { icp } from './icp.js';
import { iks } from './iks.js';
import { k3s } from './k3s.js';
import { kind } from './kind.js';
import { kubectl } from './kubectl.js';
import { microk8s } from './microk8s.js';
import { minikube } from './minikube.js';
import { openshift } from './openshift.js';
import type { DiscoveryResult, Provider, ProviderRange } from './types.js';

export type { DiscoveryResult, Provider, ProviderPreset, ProviderRange, RangeRole } from './types.js';

/**
 * Every provider, in the order `render-injector providers` lists them.
 *
 * @example
 * ```ts
 * providers.map((p) => p.name); // ['gke', 'iks', 'icp', 'acs', 'minikube', 'aks', 'eks', ...]
 * ```
 */
export const providers: readonly Provider[] = Object.freeze([
  gke,
  iks,
  icp,
  acs,
  minikube,
  aks,
  eks,
  kind,
  k3s,
  openshift,
  dockerDesktop,
  microk8s,
  kubectl,
]);

function suggestion(name: string, names: readonly string[]): string {
  const hint = didYouMean(name.toLowerCase(), names);
  return hint ? `${hint} ` : '';
}

/**
 * Looks a provider up by name (case-insensitive).
 *
 * @throws RenderInjectorError `E_PROVIDER` for an unknown name, suggesting the closest names and listing all.
 * @example
 * ```ts
 * getProvider('gke').title; // 'Google Kubernetes Engine'
 * getProvider('gcp'); // throws E_PROVIDER: unknown provider "gcp"; did you mean "gke"? ...
 * ```
 */
export function getProvider(name: string): Provider {
  const found = providers.find((p) => p.name === name.toLowerCase());
  if (found) return found;
  const names = providers.map((p) => p.name);
  throw new RenderInjectorError('E_PROVIDER', `unknown provider ${JSON.stringify(name)}`, {
    place: { file: '--provider' },
    hint: `${suggestion(name, names)}known providers: ${names.join(', ')}`,
  });
}

/**
 * Options of {@link providerRanges}.
 *
 * @example
 * ```ts
 * const opts: ProviderRangesOptions = { provider: 'iks', preset: 'legacy' };
 * ```
 */
export interface ProviderRangesOptions {
  /** Provider name, as for `--provider`. */
  provider: string;
  /** Preset name, as for `--preset`. */
  preset?: string;
  /** The discovery input: a file name (`-` for stdin) and its text, as for `--cluster-info`. */
  clusterInfo?: { name: string; text: string };
}

/**
 * The ranges a provider contributes: discovered from cluster info when given (replacing the defaults), else
 * the named preset, else the defaults.
 *
 * @throws RenderInjectorError `E_PROVIDER` for an unknown provider or preset, or for a provider without
 *   defaults (gke, eks, kubectl) given no cluster info; `E_DISCOVERY` / `E_CIDR` from discovery.
 * @example
 * ```ts
 * providerRanges({ provider: 'k3s' }).ranges.map((r) => r.cidr); // ['10.42.0.0/16', '10.43.0.0/16']
 * declare const text: string; // the output of gcloud container clusters describe
 * providerRanges({ provider: 'gke', clusterInfo: { name: 'describe.yaml', text } });
 * ```
 */
export function providerRanges(opts: ProviderRangesOptions): { ranges: ProviderRange[]; warnings: Warning[] } {
  const provider = getProvider(opts.provider);
  const warnings: Warning[] = [];
  let preset: ProviderRange[] | undefined;
  if (opts.preset !== undefined) {
    const names = Object.keys(provider.presets);
    const found = Object.hasOwn(provider.presets, opts.preset) ? provider.presets[opts.preset] : undefined;
    if (!found) {
      throw new RenderInjectorError('E_PROVIDER', `provider ${provider.name} has no preset ${JSON.stringify(opts.preset)}`, {
        place: { file: '--preset' },
        hint:
          names.length > 0
            ? `${suggestion(opts.preset, names)}presets of ${provider.name}: ${names.join(', ')}`
            : `${provider.name} has no presets; leave out --preset`,
      });
    }
    preset = found.ranges;
  }
  if (opts.clusterInfo) {
    if (preset) {
      warnings.push({
        code: 'W_PRESET_IGNORED',
        message: `--preset ${opts.preset} is ignored because --cluster-info ${opts.clusterInfo.name} gives the cluster's own ranges`,
        place: { file: '--preset' },
      });
    }
    const found = discoverOrName(provider, opts.clusterInfo);
    return { ranges: found.ranges, warnings: warnings.concat(found.warnings) };
  }
  if (preset) return { ranges: preset.map((r) => ({ ...r })), warnings };
  if (provider.defaults.length === 0) {
    throw new RenderInjectorError('E_PROVIDER', `provider ${provider.name} has no default ranges; they are chosen per cluster`, {
      place: { file: '--provider' },
      hint: `ask the cluster with --discover (see --help), or run \`${provider.command}\` and pass its output with --cluster-info FILE`,
    });
  }
  return { ranges: provider.defaults.map((r) => ({ ...r })), warnings };
}

/**
 * Runs a provider's discovery; when it refuses the text and other providers read it, the error says whose output
 * it looks like (the wrong `--provider` is a common slip), naming the generic kubectl reader only when no
 * specific provider reads it. A provider that only fills in its defaults does not count as reading it.
 */
function discoverOrName(provider: Provider, info: { name: string; text: string }): DiscoveryResult {
  try {
    return provider.discover(info.text, info.name);
  } catch (e) {
    if (!(e instanceof RenderInjectorError)) throw e;
    const readers = providers.filter((p) => {
      if (p.name === provider.name) return false;
      try {
        // read from the text, not filled in from the provider's defaults
        return p.discover(info.text, info.name).ranges.some((r) => !r.source.startsWith(`${p.name} default`));
      } catch {
        return false;
      }
    });
    const specific = readers.filter((p) => p.name !== 'kubectl');
    const named = specific.length > 0 ? specific : readers;
    if (named.length === 0) throw e;
    const first = named[0]!;
    throw new RenderInjectorError(e.code, `${e.message}; it looks like output for --provider ${named.map((p) => p.name).join(', ')} instead (${first.command})`, {
      place: e.place,
      hint: `use --provider ${first.name}${named.length > 1 ? ' (or another one named)' : ''}, or give ${provider.name}'s own output: ${provider.command}`,
    });
  }
}
