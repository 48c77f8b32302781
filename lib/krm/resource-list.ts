/**
 * The post-render patch as a KRM function (kustomize `generators`/`transformers`, kpt `fn eval`): a
 * `config.kubernetes.io/v1` `ResourceList` comes in, the same list comes out with the injector ConfigMap among
 * its `items` patched. As in the post-renderer, the output is the input text with a few characters replaced,
 * so comments and the `internal.config.kubernetes.io/*` / `config.kubernetes.io/*` annotations stay as they were.
 */
import { Document, isMap, isSeq, parseAllDocuments, parseDocument, type YAMLMap } from 'yaml';
import { RenderInjectorError, formatWarning, type Warning } from '../errors.js';
import { readKey, readString } from '../postrender/keys.js';
import { checkPatchRanges, type CheckedRanges } from '../postrender/ranges.js';
import { INJECTOR_CONFIGMAP, composeStream, configEdits, type PatchRanges } from '../postrender/stream.js';
import { findInjectorConfigMaps } from '../postrender/injectors.js';
import { applyEdits, type TextEdit } from '../postrender/template.js';

/**
 * One entry of a ResourceList's `results`.
 *
 * @example
 * ```ts
 * const r: KrmResult = { message: 'E_CIDR: bad range', severity: 'error', tags: { code: 'E_CIDR' } };
 * ```
 */
export interface KrmResult {
  message: string;
  severity: 'error' | 'warning' | 'info';
  tags?: Record<string, string>;
}

/**
 * Thrown by {@link krmFunction} when the function fails: `output` is the ResourceList to write to stdout anyway
 * (with an error in `results`), and the process should then exit non-zero. `code`, `place` and `hint` are those
 * of the error that caused it.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { krmFunction, KrmFunctionError } from 'render-injector';
 * const input = readFileSync(0, 'utf8'); // the ResourceList kustomize or kpt sends
 * const resolve = () => ({ includeIPRanges: '10.0.0.0/8' });
 * try { process.stdout.write(krmFunction(input, resolve)); }
 * catch (e) { if (e instanceof KrmFunctionError) { process.stdout.write(e.output); process.exitCode = 1; } }
 * ```
 */
export class KrmFunctionError extends RenderInjectorError {
  /** The ResourceList carrying the error result. */
  readonly output: string;

  constructor(cause: RenderInjectorError, output: string) {
    super(cause.code, cause.message, { place: cause.place, ...(cause.hint === undefined ? {} : { hint: cause.hint }) });
    this.name = 'KrmFunctionError';
    this.output = output;
  }
}

const KRM_API_VERSION = 'config.kubernetes.io/v1';

/** Adds results to a ResourceList document (keeping existing ones) and writes it. */
function withResults(doc: Document, results: KrmResult[]): string {
  const existing = doc.get('results', true);
  if (isSeq(existing)) {
    for (const r of results) existing.items.push(doc.createNode(r));
  } else {
    doc.set('results', doc.createNode(results));
  }
  return doc.toString({ lineWidth: 0 });
}

/** A fresh ResourceList holding only results (when the input could not be read as one). */
function emptyListWith(results: KrmResult[]): string {
  return new Document({ apiVersion: KRM_API_VERSION, kind: 'ResourceList', items: [], results }).toString({ lineWidth: 0 });
}

/**
 * The input ResourceList with `results` added, in the input's own language: JSON in, JSON out (kpt and
 * kustomize send either); a fresh list when the input was not one (`isList` false).
 */
function listWithResults(input: string, isList: boolean, results: KrmResult[]): string {
  if (/^\s*\{/.test(input)) {
    let list: Record<string, unknown> = { apiVersion: KRM_API_VERSION, kind: 'ResourceList', items: [] };
    try {
      if (isList) list = JSON.parse(input) as Record<string, unknown>;
    } catch {
      return withResults(parseDocument(input, { uniqueKeys: false }), results); // YAML flow style, not JSON
    }
    list.results = [...(Array.isArray(list.results) ? list.results : []), ...results];
    return `${JSON.stringify(list, null, 2)}\n`;
  }
  return isList ? withResults(parseDocument(input, { uniqueKeys: false }), results) : emptyListWith(results);
}

/** The error result for a user error. */
function errorResult(e: RenderInjectorError): KrmResult {
  return { message: e.toLine(), severity: 'error', tags: { code: e.code } };
}

/** The warning result for a warning of the resolution (host bits set, IPv6 left out, …). */
function warningResult(w: Warning): KrmResult {
  return { message: formatWarning(w), severity: 'warning', tags: { code: w.code } };
}

/**
 * What the `resolve` callback of {@link krmFunction} gives: the ranges to write, and the warnings of their
 * resolution, which become `severity: warning` results.
 *
 * @example
 * ```ts
 * import type { KrmRanges } from 'render-injector';
 * const r: KrmRanges = { includeIPRanges: '10.0.0.0/8', warnings: [{ code: 'W_HOST_BITS', message: 'host bits set' }] };
 * ```
 */
export interface KrmRanges extends PatchRanges {
  /** Warnings to report as results; the items are patched all the same. */
  warnings?: readonly Warning[];
}

/**
 * The ResourceList a KRM function answers with when it fails before or outside {@link krmFunction} (standard
 * input unreadable, an internal fault): a list carrying one error result, so that kustomize and kpt show the
 * message instead of an empty answer. `input` is what was read (empty when nothing could be).
 *
 * @example
 * ```ts
 * process.stdout.write(krmErrorList('', new Error('boom'))); // a ResourceList with an error result
 * ```
 */
export function krmErrorList(input: string, error: unknown): string {
  const result: KrmResult =
    error instanceof RenderInjectorError
      ? errorResult(error)
      : { message: `internal error: ${error instanceof Error ? error.message : String(error)} (please report this)`, severity: 'error' };
  const [doc] = parseAllDocuments(input, { uniqueKeys: false });
  const isList = doc !== undefined && doc.errors.length === 0 && isMap(doc.contents) && doc.get('kind') === 'ResourceList';
  return listWithResults(input, isList, [result]);
}

/**
 * Runs the post-render patch as a KRM function over a `ResourceList` (YAML or JSON text). `resolve` turns the
 * list's `functionConfig` (as plain data, or `undefined`) into the range values; it may throw a
 * `RenderInjectorError`, which becomes an error result.
 *
 * Returns the ResourceList with the injector ConfigMap's ranges replaced (byte-identical elsewhere unless
 * `resolve` gave warnings, which are added as `severity: warning` results), or, when no item is the injector
 * ConfigMap, the list with a warning result added. Throws {@link KrmFunctionError} (whose
 * `output` holds the ResourceList with an error result) for bad input; any other exception is an internal fault.
 *
 * @example
 * ```ts
 * import { krmFunction } from 'render-injector';
 * declare const resourceListText: string; // a ResourceList, YAML or JSON
 * const out = krmFunction(resourceListText, (fc) => ({
 *   includeIPRanges: String((fc?.data as Record<string, unknown> | undefined)?.includeIPRanges ?? '*'),
 * }));
 * ```
 */
export function krmFunction(
  input: string,
  resolve: (functionConfig: Record<string, unknown> | undefined) => KrmRanges,
): string {
  return patchResourceList(input, resolve, checkPatchRanges);
}

/**
 * The KRM stage behind {@link krmFunction}: `resolve` answers for the functionConfig, and `ranges` turns its
 * answer into checked ranges: `checkPatchRanges` for text a caller gives, or nothing more for ranges the
 * pipeline's settings made. Its warnings are kept even when `ranges` then refuses the answer.
 *
 * @example
 * ```ts
 * import { patchResourceList } from '../lib/krm/resource-list.js';
 * import { checkPatchRanges } from '../lib/postrender/ranges.js';
 * declare const resourceListText: string;
 * patchResourceList(resourceListText, () => ({ includeIPRanges: '10.0.0.0/8', warnings: [] }), checkPatchRanges);
 * ```
 */
export function patchResourceList<R extends { warnings?: readonly Warning[] | undefined }>(
  input: string,
  resolve: (functionConfig: Record<string, unknown> | undefined) => R,
  ranges: (given: R) => CheckedRanges,
): string {
  let doc: Document | undefined;
  let warnings: KrmResult[] = [];
  try {
    const docs = [...composeStream(input, 'ResourceList')];
    const first = docs[0]?.doc;
    if (docs.length !== 1 || first === undefined || !isMap(first.contents) || readString(first, first.contents, ['kind'], 'the ResourceList') !== 'ResourceList') {
      throw new RenderInjectorError('E_STREAM', `input is not one ${KRM_API_VERSION} ResourceList`, {
        hint: 'run it as a KRM function from kustomize or kpt, which send one ResourceList on stdin',
      });
    }
    doc = first;
    const functionConfig = readKey(doc, doc.contents as YAMLMap, 'functionConfig', 'functionConfig', 'the ResourceList')?.node;
    const config = isMap(functionConfig) ? (functionConfig.toJSON() as Record<string, unknown>) : undefined;
    const given = resolve(config);
    warnings = (given.warnings ?? []).map(warningResult);
    const checked = ranges(given);
    const edits: TextEdit[] = [];
    for (const found of findInjectorConfigMaps(doc, 1, [0, input.length])) {
      if (found.shape === 'values') {
        throw new RenderInjectorError('E_STREAM', `ResourceList (${found.path}): ConfigMap ${found.name} has today's shape (data.values JSON), which the KRM function does not patch`, {
          hint: 'pipe the rendered manifests through render-injector post-render instead, or use a values overlay (render-injector ranges --format helm-values)',
        });
      }
      edits.push(...configEdits(input, [0, input.length], { node: found.node, path: found.path }, checked, 'ResourceList'));
    }
    if (edits.length === 0) {
      return listWithResults(input, true, [
        ...warnings,
        { message: `no item is a ConfigMap named ${INJECTOR_CONFIGMAP}; items passed through unchanged`, severity: 'warning' },
      ]);
    }
    const output = applyEdits(input, edits);
    // Only a list with something to report is written anew (comments kept); otherwise it is the input, patched.
    return warnings.length > 0 ? listWithResults(output, true, warnings) : output;
  } catch (e) {
    if (!(e instanceof RenderInjectorError)) throw e;
    const output = listWithResults(input, doc !== undefined, [...warnings, errorResult(e)]);
    throw new KrmFunctionError(e, output);
  }
}
