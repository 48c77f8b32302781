/**
 * The Helm post-renderer: patch the `istio-sidecar-injector` ConfigMap's range arguments in a rendered stream,
 * leaving every other byte alone. The KRM function (lib/krm/) applies the same patch to a ResourceList.
 *
 * @example
 * ```ts
 * import { checkPatchRanges, patchStream } from '../lib/postrender/index.js';
 * declare const stream: string; // the manifests Helm rendered
 * const { output } = patchStream(stream, checkPatchRanges({ includeIPRanges: '10.0.0.0/8' }));
 * ```
 */
export { patchStream, INJECTOR_CONFIGMAP } from './stream.js';
export type { PatchRanges, PostRenderOptions, PostRenderResult } from './stream.js';
export { checkRangeValue, checkPatchRanges, type CheckedRanges } from './ranges.js';
