/**
 * Finds the sidecar injector ConfigMaps of either Istio shape in a composed stream and picks the ones to work
 * on: the 2018 shape (0.8/1.0: ranges baked into the `data.config` template) and today's shape (1.5 on: ranges
 * in the `data.values` JSON of `istio-sidecar-injector[-<revision>]`).
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Scalar, type YAMLMap } from 'yaml';
import { RenderInjectorError } from '../errors.js';
import { aliasedElsewhere, readKey, readString, type FoundNode } from './keys.js';

/**
 * The two shapes of the injector ConfigMap: `template` (Istio 0.8/1.0, the ranges are defaults inside the
 * injection template) and `values` (Istio 1.5 on, the ranges are `global.proxy.*` in the `data.values` JSON).
 *
 * @example
 * ```ts
 * import type { InjectorShape } from 'render-injector';
 * const shape: InjectorShape = 'values';
 * ```
 */
export type InjectorShape = 'template' | 'values';

/**
 * One injector ConfigMap found in a stream.
 *
 * @example
 * ```ts
 * import { parseDocument } from 'yaml';
 * import { findInjectorConfigMaps, type InjectorConfigMap } from '../lib/postrender/injectors.js';
 * const text = 'kind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector-canary\ndata:\n  values: "{}"\n';
 * const found: InjectorConfigMap[] = findInjectorConfigMaps(parseDocument(text, { keepSourceTokens: true }), 3, [0, text.length]);
 * found[0]?.name; // 'istio-sidecar-injector-canary'
 * ```
 */
export interface InjectorConfigMap {
  /** `istio-sidecar-injector` or `istio-sidecar-injector-<revision>`. */
  name: string;
  /** The revision the name carries (`''` for the bare name). */
  revision: string;
  /** Which shape its data has. */
  shape: InjectorShape;
  /** The 1-based number of the document that holds it. */
  document: number;
  /** `[start, end)` of that document in the stream text. */
  docRange: [number, number];
  /** The scalar to patch: `data.values` for the `values` shape, `data.config` for the `template` shape. */
  node: Scalar;
  /** Where the scalar is inside the document, e.g. `data.values` or `items[2].data.config`. */
  path: string;
  /** What owns it and would revert a change, e.g. `Istio default (sailoperator.io/v1)`; `undefined` when nothing known. */
  owner: string | undefined;
}

/** The ConfigMap name prefix; a revision adds `-<revision>`. */
const NAME = /^istio-sidecar-injector(?:-([a-z0-9](?:[-a-z0-9]*[a-z0-9])?))?$/;

/**
 * The injector ConfigMap's name for a revision: the bare name for `''` and `default` (as the istiod chart does).
 *
 * @example
 * ```ts
 * injectorName('canary');  // 'istio-sidecar-injector-canary'
 * injectorName('default'); // 'istio-sidecar-injector'
 * ```
 */
export function injectorName(revision: string): string {
  return revision === '' || revision === 'default' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${revision}`;
}

/** The Sail Operator's marks on what it manages: an owner reference to its `Istio`/`IstioRevision`, or its label. */
function sailOwner(meta: YAMLMap): string | undefined {
  const refs = meta.get('ownerReferences', true);
  if (isSeq(refs)) {
    for (const ref of refs.items) {
      if (!isMap(ref)) continue;
      const kind = String(ref.get('kind'));
      const apiVersion = String(ref.get('apiVersion'));
      if ((kind === 'Istio' || kind === 'IstioRevision') && /^(sailoperator\.io|operator\.istio\.io)\//.test(apiVersion)) {
        return `${kind} ${String(ref.get('name'))} (${apiVersion})`;
      }
    }
  }
  const labels = meta.get('labels', true);
  if (isMap(labels) && labels.get('app.kubernetes.io/managed-by') === 'sail-operator') {
    return 'the Sail Operator (label app.kubernetes.io/managed-by: sail-operator)';
  }
  return undefined;
}

/** The string scalar at `data.<key>` with how it was reached, or `undefined` (keys read as {@link readKey} does). */
function dataString(doc: Document, map: YAMLMap, key: string, prefix: string, where: string): (FoundNode & { node: Scalar }) | undefined {
  const data = readKey(doc, map, 'data', `${prefix}data`, where);
  const found = data && isMap(data.node) ? readKey(doc, data.node, key, `${prefix}data.${key}`, where) : undefined;
  if (found === undefined || !isScalar(found.node) || typeof found.node.value !== 'string') return undefined;
  return { node: found.node, shared: data!.shared || found.shared };
}

/** Refuses a scalar to patch that stands in another place too (an alias, a merge key): patching it would change that place. */
function refuseShared(doc: Document, found: FoundNode & { node: Scalar }, name: string, path: string, where: string): Scalar {
  if (found.shared || aliasedElsewhere(doc, found.node)) {
    throw new RenderInjectorError('E_STREAM', `${where}: ${path} of ConfigMap ${name} is shared through a YAML alias or merge key; patching it would change another place too`, {
      hint: 'write the injector ConfigMap out without anchors, aliases or merge keys (as helm template does)',
    });
  }
  return found.node;
}

/**
 * The objects a composed document holds: the document itself, then, when it is a `List` (`v1/List`, a KRM
 * `ResourceList`), each entry of its `items` with the path prefix `items[i].`.
 *
 * @example
 * ```ts
 * import { parseDocument } from 'yaml';
 * import { documentObjects } from '../lib/postrender/injectors.js';
 * documentObjects(parseDocument('kind: List\nitems:\n- kind: ConfigMap\n'), 'document 1'); // [{ map: <List>, prefix: '' }, { map: <ConfigMap>, prefix: 'items[0].' }]
 * ```
 */
export function documentObjects(doc: Document, where: string): Array<{ map: unknown; prefix: string }> {
  const objects: Array<{ map: unknown; prefix: string }> = [{ map: doc.contents, prefix: '' }];
  if (isMap(doc.contents) && /List$/.test(String(readString(doc, doc.contents, ['kind'], where)))) {
    const items = readKey(doc, doc.contents, 'items', 'items', where)?.node;
    if (isSeq(items)) items.items.forEach((map, i) => objects.push({ map: isAlias(map) ? map.resolve(doc) : map, prefix: `items[${i}].` }));
  }
  return objects;
}

/**
 * Finds the injector ConfigMaps in a composed document: the document itself, or the entries of its `items` when
 * it is a `List` (`v1/List` from `kubectl get -o yaml`, a KRM `ResourceList`). A ConfigMap whose `data.values` is a
 * string has the `values` shape; otherwise the bare-named one has the `template` shape and must have a string
 * `data.config` (`E_STREAM` if not); a revision-named one without either is not an injector ConfigMap.
 *
 * @param doc a document composed with `keepSourceTokens`
 * @param document its 1-based number in the stream
 * @param docRange its `[start, end)` in the stream text
 * @example
 * ```ts
 * import { parseDocument } from 'yaml';
 * import { findInjectorConfigMaps } from '../lib/postrender/injectors.js';
 * const text = 'kind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\ndata:\n  values: "{}"\n';
 * const doc = parseDocument(text, { keepSourceTokens: true });
 * findInjectorConfigMaps(doc, 1, [0, text.length]); // [{ name: 'istio-sidecar-injector', shape: 'values', … }]
 * ```
 */
export function findInjectorConfigMaps(doc: Document, document: number, docRange: [number, number]): InjectorConfigMap[] {
  const found: InjectorConfigMap[] = [];
  const where = `document ${document}`;
  for (const { map, prefix } of documentObjects(doc, where)) {
    if (!isMap(map) || readString(doc, map, ['kind'], where) !== 'ConfigMap') continue;
    const name = readString(doc, map, ['metadata', 'name'], where);
    const m = name === undefined ? null : NAME.exec(name);
    if (name === undefined || m === null) continue;
    // a name was read through it, so metadata is a map
    const meta = readKey(doc, map, 'metadata', `${prefix}metadata`, where)!.node as YAMLMap;
    const revision = m[1] ?? '';
    const base = { name, revision, document, docRange, owner: sailOwner(meta) };
    const values = dataString(doc, map, 'values', prefix, where);
    if (values !== undefined) {
      found.push({ ...base, shape: 'values', node: refuseShared(doc, values, name, `${prefix}data.values`, where), path: `${prefix}data.values` });
      continue;
    }
    const config = dataString(doc, map, 'config', prefix, where);
    if (config !== undefined) {
      found.push({ ...base, shape: 'template', node: refuseShared(doc, config, name, `${prefix}data.config`, where), path: `${prefix}data.config` });
    } else if (revision === '') {
      throw new RenderInjectorError('E_STREAM', `${where}: ConfigMap ${name} has no string ${prefix}data.config (nor ${prefix}data.values)`, {
        hint: 'render the Istio chart with its sidecar injector enabled, or drop the ConfigMap from the stream',
      });
    }
  }
  return found;
}

/**
 * Picks the injector ConfigMaps to work on. With a revision: those named for it (`E_STREAM` when there are
 * none, naming the ones there are). Without: all of them when they share one name (one revision, perhaps in
 * several documents), else `E_STREAM` naming each, since patching every revision at once is rarely meant.
 *
 * @param found every injector ConfigMap of the stream, in stream order
 * @param revision the revision asked for (`''`/`default`: the bare name), or `undefined`
 * @param source the stream's name for error places
 * @example
 * ```ts
 * declare const found: InjectorConfigMap[]; // from findInjectorConfigMaps, over every composed document of the stream
 * selectInjectors(found, 'canary', '-'); // the istio-sidecar-injector-canary ConfigMaps
 * ```
 */
export function selectInjectors(found: readonly InjectorConfigMap[], revision: string | undefined, source: string): InjectorConfigMap[] {
  const list = (items: readonly InjectorConfigMap[]) => items.map((f) => `${f.name} (document ${f.document})`).join(', ');
  if (revision !== undefined) {
    const name = injectorName(revision);
    const chosen = found.filter((f) => f.name === name);
    if (chosen.length === 0) {
      throw new RenderInjectorError('E_STREAM', `the stream has no ConfigMap ${name} for --revision ${revision}${found.length ? `; it has ${list(found)}` : ''}`, {
        place: { file: source },
        hint: found.length ? `use --revision ${found[0]!.revision || 'default'}, or give the stream that holds ${name}` : `give the stream that holds ${name}`,
      });
    }
    return chosen;
  }
  const names = [...new Set(found.map((f) => f.name))];
  if (names.length > 1) {
    throw new RenderInjectorError('E_STREAM', `the stream holds ${names.length} injector ConfigMaps: ${list(found)}`, {
      place: { file: source },
      hint: `choose one with --revision (${found.map((f) => f.revision || 'default').filter((r, i, a) => a.indexOf(r) === i).join(', ')})`,
    });
  }
  return [...found];
}
