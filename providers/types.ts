/**
 * The contract every provider module fulfils: what a cluster of that kind uses for its pod and service
 * networks, where those numbers come from, and how to read a real cluster's numbers from a command's output.
 * A provider knows nothing about values files, templates or iptables.
 */
import type { Warning } from '../lib/errors.js';
import type { ProviderRange } from '../lib/ranges/provider-range.js';

// A range with its role and source is the ranges stage's data (lib/ranges/), which providers fill in.
export type { ProviderRange, RangeRole } from '../lib/ranges/provider-range.js';

/**
 * What `discover` returns: the ranges read from the input, and warnings about what it could not tell.
 *
 * @example
 * ```ts
 * declare const text: string; // the output of gcloud container clusters describe
 * const { ranges, warnings } = getProvider('gke').discover(text, 'describe.yaml');
 * ```
 */
export interface DiscoveryResult {
  /** The ranges found; never empty (discovery fails instead). */
  ranges: ProviderRange[];
  /** Things the user should know, e.g. a pod range that lives in a cloud network the input does not show. */
  warnings: Warning[];
}

/**
 * A named alternative set of ranges, chosen with `--preset NAME`.
 *
 * @example
 * ```ts
 * const legacy: ProviderPreset = { description: 'clusters of 2018', ranges: [] };
 * ```
 */
export interface ProviderPreset {
  /** One sentence: when to pick this set. */
  description: string;
  /** The ranges of the set. */
  ranges: ProviderRange[];
}

/**
 * One provider: a plain object, registered by name in `providers/index.ts`.
 *
 * @example
 * ```ts
 * import { getProvider, type Provider } from 'render-injector';
 * const kind: Provider = getProvider('kind');
 * console.log(kind.title, kind.defaults.map((r) => r.cidr));
 * ```
 */
export interface Provider {
  /** Lower-case name used by `--provider`. */
  name: string;
  /** Human title, e.g. `Google Kubernetes Engine`. */
  title: string;
  /** The exact command whose output `discover` reads. */
  command: string;
  /** Ranges of a cluster created with the provider's defaults; `[]` when ranges are chosen per cluster. */
  defaults: ProviderRange[];
  /** Named alternative sets (e.g. `legacy`). */
  presets: Record<string, ProviderPreset>;
  /** Caveats the user should read, one sentence each. */
  notes: string[];
  /**
   * Reads the output of `command` and returns the cluster's ranges.
   * Throws `RenderInjectorError` `E_DISCOVERY` for unreadable input or a missing field, `E_CIDR` for a bad CIDR.
   */
  discover(text: string, file: string): DiscoveryResult;
}
