/**
 * `render-injector krm`: the post-render patch as a KRM function. The options come from the ResourceList's
 * `functionConfig`: a ConfigMap's `data`, or any object's `spec`, with the keys `provider`, `preset`,
 * `clusterInfo` (the discovery command's output, inline), `include`, `exclude`, `istioVersion`, `set`.
 * No I/O here: lib/cli reads standard input and writes the answer.
 */
import { RenderInjectorError } from '../errors.js';
import { patchRanges, resolveValues, settingsOf, type InjectorOptions } from '../pipeline/index.js';
import { krmErrorList, KrmFunctionError, patchResourceList } from './resource-list.js';

const KEYS = ['provider', 'preset', 'clusterInfo', 'include', 'exclude', 'istioVersion', 'set'] as const;

function asStrings(value: unknown, key: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((v) => {
    if (typeof v !== 'string') {
      throw new RenderInjectorError('E_VALUES', `functionConfig ${key} must be a string or a list of strings`, {
        place: { path: `functionConfig.${key}` },
        hint: `quote the value, e.g. ${key}: "10.0.0.0/8"`,
      });
    }
    return v;
  });
}

/** Turns a functionConfig into API options; unknown keys are errors, so a typo never passes silently. */
export function krmOptions(functionConfig: Record<string, unknown> | undefined): InjectorOptions {
  const section = functionConfig?.data ?? functionConfig?.spec ?? {};
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new RenderInjectorError('E_VALUES', 'functionConfig data/spec must be a map', { place: { path: 'functionConfig' } });
  }
  const options: InjectorOptions = {};
  for (const [key, value] of Object.entries(section)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new RenderInjectorError('E_VALUES', `unknown functionConfig key "${key}"`, {
        place: { path: `functionConfig.${key}` },
        hint: `use ${KEYS.join(', ')}`,
      });
    }
    const [first] = asStrings(value, key);
    if (key === 'include' || key === 'exclude' || key === 'set') options[key] = asStrings(value, key);
    else if (key === 'clusterInfo') options.clusterInfo = { name: 'functionConfig.clusterInfo', text: first! };
    else if (key === 'istioVersion') options.istioVersion = first as '0.8' | '1.0';
    else options[key as 'provider' | 'preset'] = first!;
  }
  return options;
}

/**
 * Runs the KRM function over a ResourceList; `ok` is false when the output carries an error result, and
 * `error` is that error (a `KrmFunctionError` for bad input; anything else is an internal fault, and the output
 * still is a ResourceList naming it).
 * `resolve` is the API's resolveValues (a test may pass another).
 */
export function runKrm(
  input: string,
  resolve: typeof resolveValues = resolveValues,
): { output: string; ok: true } | { output: string; ok: false; error: unknown } {
  try {
    const output = patchResourceList(
      input,
      (fc) => {
        const resolved = resolve(krmOptions(fc));
        return { ...patchRanges(settingsOf(resolved)), warnings: resolved.warnings };
      },
      (checked) => checked, // the settings made them
    );
    return { output, ok: true };
  } catch (e) {
    return { output: e instanceof KrmFunctionError ? e.output : krmErrorList(input, e), ok: false, error: e };
  }
}
