/**
 * The values model: parse `-f` files and `--set` expressions, layer them over the chart defaults as Helm does,
 * and validate the result against the one schema. See {@link layerValues}.
 */
export * from './schema.js';
export { parseValuesYaml, locate, MAX_ALIAS_COUNT, type ParsedValues, type Position } from './parse-yaml.js';
export {
  parseSetExpressions,
  applySetAssignments,
  setPath,
  MAX_SET_INDEX,
  MAX_SET_DEPTH,
  type SetAssignment,
  type SetMode,
} from './strvals.js';
export { layOver, coalesceDefaults, fillMissing, forgetBelow, originOf, originsOf, type NullValue, type Origin, type Source, type Sources } from './merge.js';
export { validateValues, nearMissWarnings, findOrigin, placeOf, pointerToPath, describe as describeSchema } from './validate.js';
export { defaultValues, chartDefaults, isIstioVersion, isModernIstio, ISTIO_VERSIONS, SUPPORTED_VERSIONS, type IstioVersion } from './defaults.js';
export { layerValues, type ResolveOptions, type ResolvedValues, type ValuesLayer } from './resolve.js';
export {
  UNSAFE_KEYS,
  assertSafeKey,
  assertSafeTree,
  cloneValues,
  formatPath,
  isMap,
  joinPath,
  parentPath,
  type PathSegment,
} from './paths.js';
