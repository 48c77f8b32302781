/**
 * The Helm post-renderer and KRM function: patch the `istio-sidecar-injector` ConfigMap's range arguments in a
 * rendered stream, leaving every other byte alone.
 *
 * @example
 * ```ts
 * import { postRender } from '../lib/postrender/index.js';
 * declare const stream: string; // the manifests Helm rendered
 * const { output } = postRender(stream, { includeIPRanges: '10.0.0.0/8' });
 * ```
 */
export { postRender, INJECTOR_CONFIGMAP } from './stream.js';
export type { PatchRanges, PostRenderOptions, PostRenderResult } from './stream.js';
export { checkRangeValue } from './ranges.js';
export { krmFunction, krmErrorList, KrmFunctionError } from './krm.js';
export type { KrmRanges, KrmResult } from './krm.js';
