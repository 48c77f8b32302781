// The range check the post-renderer applies before writing anything, against cidr-tools as an oracle: a CIDR
// is accepted exactly when it is valid and already in cidr-tools' normal form; and whatever is accepted lands
// in the template unchanged, through the Go-template, inner-YAML and outer-YAML layers.
import t from 'tap';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { containsCidr, normalizeCidr } from 'cidr-tools';
import { parseAllDocuments, parseDocument } from 'yaml';
import { checkRangeValue } from '../lib/postrender/index.js';
import { patchText as postRender } from './helpers/patch.js';
import { goStringLiteralLike, yamlSingleQuotedBody } from '../lib/quote/literal.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/postrender');
const HELM3 = readFileSync(join(fixtures, 'helm3-istio-0.8.yaml'), 'utf8');
const HELM4 = readFileSync(join(fixtures, 'helm4-istio-1.0.yaml'), 'utf8');

/**
 * The oracle: valid for cidr-tools, written with a prefix, and equal to its normal form. cidr-tools does not
 * bound the prefix length (it returns `0.0.0.0/33` as it is), so that one rule is added here; and IPv4-mapped
 * IPv6 ranges (inside `::ffff:0:0/96`) are refused by design, so that is the other.
 */
function oracleCanonical(item: string): boolean {
  const prefix = /\/(\d+)$/.exec(item);
  if (prefix === null || Number(prefix[1]) > (item.includes(':') ? 128 : 32)) return false;
  try {
    if (item.includes(':') && Number(prefix[1]) >= 96 && containsCidr('::ffff:0:0/96', item)) return false;
    return normalizeCidr(item) === item;
  } catch {
    return false;
  }
}

const accepts = (value: string): boolean => {
  try {
    checkRangeValue(value, 'includeIPRanges');
    return true;
  } catch {
    return false;
  }
};

/** A network in cidr-tools' normal form: random address, random prefix, host bits cleared by the oracle. */
const v4 = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 })).map(([n, p]) => {
  const text = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  return normalizeCidr(`${text}/${p}`);
});
const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
const v6 = fc.tuple(fc.array(group, { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 128 })).map(([g, p]) => {
  return normalizeCidr(`${g.map((x) => x.toString(16)).join(':')}/${p}`);
});
const network = fc.oneof(v4, v6);

/** Near misses: a canonical network with one edit of the kind people (or attackers) make. */
const mutated = fc.tuple(network, fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 1000 })).map(([c, kind, k]) => {
  const [addr, prefix] = c.split('/') as [string, string];
  switch (kind) {
    case 0:
      return c.toUpperCase();
    case 1:
      return `0${c}`;
    case 2:
      return `${addr}/0${prefix}`;
    case 3:
      return `${addr}/${Number(prefix) + 1 + (k % 3)}`;
    case 4:
      return ` ${c}`;
    case 5:
      return `${c}"`;
    case 6:
      return `${addr.replace(/\d$/, String(k % 10))}/${prefix}`;
    case 7:
      return addr;
    case 8:
      return `${addr.replace('::', ':0::')}/${prefix}`;
    case 9:
      return `${c}\n- "-x"`;
    case 10:
      return `${addr}/${prefix}]]`;
    default:
      return c.replace(/\./g, (d, i: number) => (i === k % 7 ? '.0' : d));
  }
});

t.test('every canonical network is accepted, alone and in lists', async (t) => {
  fc.assert(fc.property(fc.array(network, { minLength: 1, maxLength: 6 }), (items) => accepts(items.join(','))), { numRuns: 300 });
  t.pass('300 random lists accepted');
});

t.test('accepted exactly when the oracle says the item is canonical', async (t) => {
  fc.assert(fc.property(fc.oneof(network, mutated), (item) => accepts(item) === oracleCanonical(item)), { numRuns: 2000 });
  t.pass('2000 near misses agree with cidr-tools');
});

t.test('what is accepted is written unchanged into both template shapes', async (t) => {
  const include = fc.oneof(fc.constant('*'), fc.constant(''), fc.array(network, { minLength: 1, maxLength: 4 }).map((a) => a.join(',')));
  fc.assert(
    fc.property(include, include, (inc, exc) => {
      for (const [stream, re] of [
        [HELM3, /includeOutboundIPRanges"\) -\]\]\n.*\n\s*\[\[ else -\]\]\n\s*- "([^"]*)"[\s\S]*excludeOutboundIPRanges"\) -\]\]\n.*\n\s*\[\[ else -\]\]\n\s*- "([^"]*)"/],
        [HELM4, /includeOutboundIPRanges` {2}"([^"]*)" [\s\S]*excludeOutboundIPRanges` {2}"([^"]*)" /],
      ] as const) {
        const out = postRender(stream, { includeIPRanges: inc, excludeIPRanges: exc }).output;
        const cm = parseAllDocuments(out).find((d) => d.getIn(['metadata', 'name']) === 'istio-sidecar-injector');
        const template = parseDocument(cm?.getIn(['data', 'config']) as string).get('template') as string;
        const m = re.exec(template);
        if (m?.[1] !== inc || m[2] !== exc) return false;
      }
      return true;
    }),
    { numRuns: 40 },
  );
  t.pass('40 random pairs round-trip');
});

t.test('the quoting helpers escape what each target needs', async (t) => {
  t.equal(goStringLiteralLike('a"b\\c\nd\re', '"x"'), '"a\\"b\\\\c\\u000ad\\u000de"', "an interpreted literal is the ConfigMap writer's");
  t.equal(goStringLiteralLike('10.0.0.0/8', '`x`'), '`10.0.0.0/8`');
  t.equal(goStringLiteralLike('a`b', '`x`'), '"a`b"', 'a backtick cannot stay raw');
  t.equal(goStringLiteralLike('a\rb', '`x`'), '"a\\u000db"', 'raw strings drop carriage returns in Go');
  t.equal(yamlSingleQuotedBody("it's"), "it''s");
  t.equal(parseDocument(`'${yamlSingleQuotedBody("it's")}'`).contents?.toJSON(), "it's");
});
