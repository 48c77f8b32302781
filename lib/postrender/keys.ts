/**
 * Reads the keys a post-renderer looks at (`kind`, `metadata.name`, `items`, `data.config`, …) the way Kubernetes
 * tools agree on: a key written twice in one map is refused (kubectl and kustomize refuse it, and tools that do
 * not disagree on which one wins), a YAML merge key (`<<: *base`) lends its map's keys to the map it sits in
 * (keys written out win over merged ones), and an alias stands for the node it names.
 */
import { Document, isAlias, isMap, isNode, isScalar, isSeq, visit, type Node, type YAMLMap } from 'yaml';
import { RenderInjectorError } from '../errors.js';

/**
 * A value found under a key path, and whether it is shared: reached through an alias or a merge key, so that its
 * text also stands somewhere else in the document.
 *
 * @example
 * ```ts
 * import { parseDocument, type YAMLMap } from 'yaml';
 * import { readKey, type FoundNode } from '../lib/postrender/keys.js';
 * const doc = parseDocument('kind: ConfigMap\n');
 * const found: FoundNode | undefined = readKey(doc, doc.contents as YAMLMap, 'kind', 'kind', 'document 1');
 * found?.shared; // false: the key is written out, not merged in
 * ```
 */
export interface FoundNode {
  node: Node;
  shared: boolean;
}

/** A `<<` merge key: plain `<<` in YAML 1.2 (as Kubernetes' YAML 1.1 readers take it), or the 1.1 merge tag. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && ((key.value === '<<' && key.type === 'PLAIN') || typeof key.value === 'symbol');
}

/** Follows an alias to its node. */
function deref(doc: Document, node: unknown): FoundNode | undefined {
  // a composed document without errors has an anchor for every alias
  if (isAlias(node)) return { node: node.resolve(doc) as Node, shared: true };
  return isNode(node) ? { node, shared: false } : undefined; // a flow map's `{key}` has no value node
}

/**
 * The value of `key` in `map`: the key written out (refused with `E_STREAM` when written twice), else the first
 * merged map that has it. `undefined` when no such key is there.
 *
 * @param doc the document (to follow aliases)
 * @param map the map to read
 * @param key the key
 * @param path the key path for messages, e.g. `metadata.name`
 * @param where how to name the document in messages, e.g. `document 4`
 * @example
 * ```ts
 * import { parseDocument, type YAMLMap } from 'yaml';
 * import { readKey } from '../lib/postrender/keys.js';
 * const doc = parseDocument('kind: ConfigMap\n');
 * readKey(doc, doc.contents as YAMLMap, 'kind', 'kind', 'document 1')?.node; // the Scalar "ConfigMap"
 * ```
 */
export function readKey(doc: Document, map: YAMLMap, key: string, path: string, where: string): FoundNode | undefined {
  const pairs = map.items.filter((pair) => isScalar(pair.key) && pair.key.value === key && !isMergeKey(pair.key));
  if (pairs.length > 1) {
    throw new RenderInjectorError('E_STREAM', `${where}: the key ${path} is written ${pairs.length} times in one map`, {
      hint: 'Kubernetes tools refuse or disagree on duplicate keys; keep one of them',
    });
  }
  if (pairs[0]) return deref(doc, pairs[0].value);
  for (const merge of map.items.filter((pair) => isMergeKey(pair.key))) {
    const value = deref(doc, merge.value);
    const sources = value && isSeq(value.node) ? value.node.items.map((item) => deref(doc, item)) : [value];
    for (const source of sources) {
      if (!source || !isMap(source.node)) continue;
      const found = readKey(doc, source.node, key, path, where);
      if (found) return { node: found.node, shared: true };
    }
  }
  return undefined;
}

/**
 * The string at a key path below `map` (each step a map), or `undefined`.
 *
 * @example
 * ```ts
 * import { parseDocument } from 'yaml';
 * import { readString } from '../lib/postrender/keys.js';
 * const doc = parseDocument('kind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\n');
 * readString(doc, doc.contents, ['metadata', 'name'], 'document 1'); // 'istio-sidecar-injector'
 * ```
 */
export function readString(doc: Document, map: unknown, keys: readonly string[], where: string): string | undefined {
  let node: unknown = map;
  for (const [i, key] of keys.entries()) {
    if (!isMap(node)) return undefined;
    node = readKey(doc, node, key, keys.slice(0, i + 1).join('.'), where)?.node;
  }
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/**
 * Whether the text of `node` also stands for something else in the document: an alias names it or a node
 * around it (a merge key that copies the ConfigMap, an alias to its `data`). Changing its text would change that
 * other place too.
 *
 * @example
 * ```ts
 * import { parseDocument, type Node } from 'yaml';
 * import { aliasedElsewhere } from '../lib/postrender/keys.js';
 * const doc = parseDocument('config: &injector-config text\ncopy: *injector-config\n');
 * aliasedElsewhere(doc, doc.get('config', true) as Node); // true: `copy` says *injector-config
 * ```
 */
export function aliasedElsewhere(doc: Document, node: Node): boolean {
  const [start, end] = node.range as [number, number, number];
  let found = false;
  visit(doc, {
    Alias(_, alias) {
      const target = alias.resolve(doc) as Node | undefined;
      const range = target?.range;
      if (range && range[0] <= start && end <= range[1]) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}
