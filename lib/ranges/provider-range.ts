/**
 * One range of a cluster network as a provider, a discovery or a preset gives it: the CIDR, what the cluster uses it
 * for, and where the number comes from. The ranges stage turns these into `RangeSource`s (`providerSources`), so
 * that the origin of every captured range can be explained. Defined here, below the providers that fill it in, so
 * that nothing under the orchestration imports providers/.
 */

/**
 * What a range is used for in the cluster. `pods` and `services` are the usual pair; `nodes` is the node
 * network where a provider documents one; `vpc` is the cloud network that pods draw addresses from (EKS, Azure
 * CNI); `other` is anything else worth capturing.
 *
 * @example
 * ```ts
 * const role: RangeRole = 'services';
 * ```
 */
export type RangeRole = 'pods' | 'services' | 'nodes' | 'vpc' | 'other';

/**
 * One CIDR a provider contributes, with its role and the place it came from.
 *
 * @example
 * ```ts
 * const r: ProviderRange = {
 *   cidr: '10.96.0.0/12',
 *   role: 'services',
 *   source: 'minikube default (kubeadm --service-cluster-ip-range)',
 * };
 * ```
 */
export interface ProviderRange {
  /** Canonical CIDR text (host bits cleared, IPv6 compressed). */
  cidr: string;
  /** What the range is used for. */
  role: RangeRole;
  /** Where the number comes from: a documented default, or `file: field` of the discovery input. */
  source: string;
}
