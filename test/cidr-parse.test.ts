// Strict parsing, canonical formatting, range lists, their errors and warnings.
import t, { type Test } from 'tap';
import { RenderInjectorError } from '../lib/errors.js';
import {
  ALL_IPV4,
  ALL_IPV6,
  compareCidrs,
  effectiveRanges,
  formatCidr,
  formatIPv4,
  parseCidr,
  parseRangeList,
  type Cidr,
} from '../lib/cidr/index.js';

const fmt = (text: string): string => formatCidr(parseCidr(text).cidr);
const fmtAll = (cidrs: readonly Cidr[]): string[] => cidrs.map(formatCidr);

/** Asserts that `fn` throws a RenderInjectorError with `code` whose message names `entry` and says `why`. */
function refuses(t: Test, fn: () => unknown, code: string, entry: string, why: RegExp): void {
  try {
    fn();
    t.fail(`accepted ${entry}`);
  } catch (e) {
    t.ok(e instanceof RenderInjectorError, `${entry}: a RenderInjectorError`);
    const err = e as RenderInjectorError;
    t.equal(err.code, code, `${entry}: code`);
    t.ok(err.message.includes(JSON.stringify(entry)), `${entry}: message names the entry: ${err.message}`);
    t.match(err.message, why, `${entry}: message says why`);
    t.ok(err.hint && err.hint.length > 10, `${entry}: has a hint`);
    t.notMatch(err.toLine(), /\n/, `${entry}: one line`);
  }
}

t.test('IPv4 acceptance and normalisation', async (t) => {
  t.equal(fmt('10.0.0.0/8'), '10.0.0.0/8');
  t.equal(fmt('0.0.0.0/0'), '0.0.0.0/0');
  t.equal(fmt('255.255.255.255'), '255.255.255.255/32');
  t.equal(fmt('1.2.3.4/32'), '1.2.3.4/32');
  t.equal(fmt('0.0.0.0'), '0.0.0.0/32');
  const r = parseCidr('10.0.0.1/24');
  t.equal(formatCidr(r.cidr), '10.0.0.0/24');
  t.equal(r.hostBitsSet, true);
  t.equal(parseCidr('10.0.0.0/24').hostBitsSet, false);
  t.equal(fmt('255.255.255.255/1'), '128.0.0.0/1');
  t.strictSame(parseCidr('192.168.1.7/16').cidr, { family: 4, prefix: 16, first: 0xc0a80000 });
  t.equal(formatIPv4(0xffffffff), '255.255.255.255');
});

t.test('IPv6 acceptance, RFC 5952 output', async (t) => {
  t.equal(fmt('::/0'), '::/0');
  t.equal(fmt('::'), '::/128');
  t.equal(fmt('::1'), '::1/128');
  t.equal(fmt('1::'), '1::/128');
  t.equal(fmt('2001:DB8:0:0:0:0:0:1/128'), '2001:db8::1/128');
  t.equal(fmt('2001:0db8:0000:0000:0001:0000:0000:0001'), '2001:db8::1:0:0:1/128', 'first of equal zero runs');
  t.equal(fmt('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1/128', 'a single zero group is not compressed');
  t.equal(fmt('1:0:0:2:0:0:0:3'), '1:0:0:2::3/128', 'the longest run wins');
  t.equal(fmt('1:2:3:4:5:6:7::'), '1:2:3:4:5:6:7:0/128', ':: may stand for one group');
  t.equal(fmt('::fffe:1.2.3.4'), '::fffe:102:304/128', 'embedded IPv4 tail, printed in hex');
  // IPv4-mapped IPv6: the kernel sends it as IPv4, so an IPv6 rule would never match; the fix is the IPv4 spelling.
  for (const [mapped, v4] of [['::ffff:1.2.3.4', '1.2.3.4/32'], ['::ffff:10.0.0.0/104', '10.0.0.0/8'], ['::FFFF:a00:1/104', '10.0.0.0/8'], ['0:0:0:0:0:ffff:0:0/96', '0.0.0.0/0']] as const) {
    t.throws(() => parseCidr(mapped), { code: 'E_CIDR', message: /is an IPv4-mapped IPv6 range/, hint: `write it as IPv4: ${v4}` }, mapped);
  }
  t.equal(fmt('::ffff:0:0/95'), '::fffe:0:0/95', 'a wider block that only contains the mapped range is an IPv6 range');
  t.equal(fmt('64:ff9b::192.0.2.33/128'), '64:ff9b::c000:221/128');
  t.equal(fmt('1:2:3:4:5:6:1.2.3.4'), '1:2:3:4:5:6:102:304/128', 'IPv4 tail without ::');
  t.equal(fmt('fe80::/10'), 'fe80::/10');
  t.equal(fmt('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/1'), '8000::/1');
  const r = parseCidr('fd00::1/8');
  t.equal(formatCidr(r.cidr), 'fd00::/8');
  t.equal(r.hostBitsSet, true);
  t.equal(parseCidr('fd00::/8').cidr.family, 6);
  t.equal(formatCidr(ALL_IPV6), '::/0');
  t.equal(formatCidr(ALL_IPV4), '0.0.0.0/0');
});

t.test('strict refusals, each naming the entry and why', async (t) => {
  const bad: [string, RegExp][] = [
    ['010.0.0.1/8', /part "010" has a leading zero/],
    ['10.0.0.00', /part "00" has a leading zero/],
    ['10.0.0.0/33', /prefix length 33 is over 32/],
    ['::/129', /prefix length 129 is over 128/],
    ['0x0a.0.0.0/8', /part "0x0a" is hexadecimal/],
    ['127.1/8', /2 parts, not 4/],
    ['1.2.3.4.5', /5 parts, not 4/],
    ['1.2.3', /3 parts, not 4/],
    ['256.0.0.0', /part "256" is over 255/],
    ['1000.0.0.0', /part "1000" is over 255/],
    ['1..2.3', /part 2 is empty/],
    ['1.2.3.4 ', /part "4 " is not a decimal number/],
    ['-1.2.3.4', /part "-1" is not a decimal number/],
    ['/8', /part 1 is empty/],
    ['fe80::1%eth0/64', /zone ids/],
    ['10.0.0.0/08', /prefix length "08" has a leading zero/],
    ['10.0.0.0/', /prefix length after "\/" is missing/],
    ['10.0.0.0/8/8', /prefix length "8\/8" is not a decimal number/],
    ['10.0.0.0/x', /prefix length "x" is not a decimal number/],
    ['1::2::3', /"::" may appear only once/],
    [':::', /"::" may appear only once/],
    [':1::', /empty group/],
    ['1::2:', /empty group/],
    ['1:2:3:4:5:6:7', /7 groups, not 8, and no "::"/],
    ['1:2:3:4:5:6:7:8:9', /9 groups, not 8/],
    ['1:2:3:4:5:6:7:8::', /8 groups besides "::"/],
    ['12345::', /group "12345" is not 1-4 hex digits/],
    ['g::1', /character "g"/],
    ['1.2.3.4::', /IPv4 tail "1.2.3.4" must be the last part/],
    ['1.2.3.4::5', /IPv4 tail "1.2.3.4" must be the last part/],
    ['::1.2.3', /3 parts, not 4/],
    ['::01.2.3.4', /part "01" has a leading zero/],
    ['*', /"\*" is only valid alone/],
    ['', /the entry is empty/],
  ];
  for (const [text, why] of bad) refuses(t, () => parseCidr(text), 'E_CIDR', text, why);
});

t.test('errors carry the place; long entries are shortened', async (t) => {
  const place = { file: 'values.yaml', line: 4, path: 'global.proxy.includeIPRanges' };
  try {
    parseCidr('10.0.0.0/33', place);
  } catch (e) {
    t.strictSame((e as RenderInjectorError).place, place);
    t.match((e as RenderInjectorError).toLine(), /^values\.yaml:4 \(global\.proxy\.includeIPRanges\): invalid CIDR "10\.0\.0\.0\/33"/);
  }
  try {
    parseCidr(`${'1'.repeat(200)}.0.0.0`);
  } catch (e) {
    t.match((e as RenderInjectorError).message, /"1{77}\.\.\."/);
    t.ok((e as RenderInjectorError).message.length < 250);
  }
  try {
    parseCidr('10.0.0.0\n/8');
  } catch (e) {
    t.notMatch((e as RenderInjectorError).toLine(), /\n/, 'a newline in the entry is escaped');
  }
});

t.test('range lists: *, empty, items, errors', async (t) => {
  const all = parseRangeList('*');
  t.equal(all.all, true);
  t.strictSame(fmtAll(all.cidrs), ['0.0.0.0/0', '::/0']);
  t.strictSame(all.warnings, []);
  t.equal(parseRangeList(' * ').all, true);
  t.equal(parseRangeList(['*']).all, true);
  for (const empty of ['', '  ', [], [''], ['', ' ']] as const) {
    const l = parseRangeList(empty);
    t.strictSame([l.all, l.cidrs, l.warnings], [false, [], []], `${JSON.stringify(empty)} is valid and empty`);
  }
  const l = parseRangeList(' 10.0.0.0/8 ,fd00::/8,  192.168.0.0/16');
  t.strictSame(fmtAll(l.cidrs), ['10.0.0.0/8', 'fd00::/8', '192.168.0.0/16'], 'input order, trimmed');
  t.strictSame(l.warnings, []);
  t.strictSame(fmtAll(parseRangeList(['10.0.0.0/8,10.4.0.0/14', '', '172.16.0.0/12']).cidrs), [
    '10.0.0.0/8',
    '10.4.0.0/14',
    '172.16.0.0/12',
  ], 'an array joins its strings; a blank one adds nothing');

  refuses(t, () => parseRangeList('*,10.0.0.0/8'), 'E_RANGE_LIST', '*,10.0.0.0/8', /"\*" \(item 1\) beside item 2 "10\.0\.0\.0\/8"/);
  refuses(t, () => parseRangeList('10.0.0.0/8, *'), 'E_RANGE_LIST', '10.0.0.0/8,*', /"\*" \(item 2\) beside item 1/);
  refuses(t, () => parseRangeList(['*', '*']), 'E_RANGE_LIST', '*,*', /"\*" must be alone/);
  refuses(t, () => parseRangeList('10.0.0.0/8,,fd00::/8'), 'E_RANGE_LIST', '10.0.0.0/8,,fd00::/8', /empty item 2/);
  refuses(t, () => parseRangeList('10.0.0.0/8,'), 'E_RANGE_LIST', '10.0.0.0/8,', /empty item 2/);
  refuses(t, () => parseRangeList(',10.0.0.0/8'), 'E_RANGE_LIST', ',10.0.0.0/8', /empty item 1/);
  refuses(t, () => parseRangeList(['10.0.0.0/8', ' , ']), 'E_RANGE_LIST', '10.0.0.0/8,,', /empty item 2/);
  refuses(t, () => parseRangeList('10.0.0.0/8, 010.0.0.1/8'), 'E_CIDR', '010.0.0.1/8', /\(item 2 of the range list\): IPv4 part "010"/);
  refuses(t, () => parseRangeList(['10.0.0.0/8', 'fe80::1%eth0/64']), 'E_CIDR', 'fe80::1%eth0/64', /item 2 .*zone ids/);

  const place = { file: '--include' };
  try {
    parseRangeList('*,1.2.3.4', place);
  } catch (e) {
    t.strictSame((e as RenderInjectorError).place, place);
  }
  try {
    parseRangeList('1.2.3.4,,', place);
  } catch (e) {
    t.strictSame((e as RenderInjectorError).place, place);
  }
  try {
    parseRangeList('1.2.3.4/33', place);
  } catch (e) {
    t.strictSame((e as RenderInjectorError).place, place);
  }
});

t.test('range-list warnings', async (t) => {
  const place = { path: 'global.proxy.includeIPRanges' };
  const l = parseRangeList('10.0.0.1/24, 10.0.0.0/8, 10.0.0.0/8, fd00::/8, fd00:1::/32, 172.16.0.0/12, ::/0', place);
  t.strictSame(
    l.warnings.map((w) => [w.code, w.message]),
    [
      ['W_HOST_BITS', 'item 1 "10.0.0.1/24" has host bits set; it is read as 10.0.0.0/24'],
      ['W_WHOLE_SPACE', 'item 7 "::/0" covers every IPv6 address'],
      ['W_OVERLAP', 'item 1 "10.0.0.1/24" lies inside item 2 "10.0.0.0/8" (10.0.0.0/8)'],
      ['W_OVERLAP', 'item 3 "10.0.0.0/8" repeats item 2 "10.0.0.0/8" (10.0.0.0/8)'],
      ['W_OVERLAP', 'item 4 "fd00::/8" lies inside item 7 "::/0" (::/0)'],
      ['W_OVERLAP', 'item 5 "fd00:1::/32" lies inside item 7 "::/0" (::/0)'],
    ],
  );
  t.ok(l.warnings.every((w) => w.place === place), 'warnings carry the place');
  t.strictSame(parseRangeList('0.0.0.0/0').warnings.map((w) => w.code), ['W_WHOLE_SPACE']);
  t.strictSame(parseRangeList('10.0.0.0/8,10.0.0.0/8').warnings.map((w) => w.message), [
    'item 2 "10.0.0.0/8" repeats item 1 "10.0.0.0/8" (10.0.0.0/8)',
  ]);
  t.strictSame(parseRangeList('10.0.0.0/8,10.1.2.3,fd00::/8,11.0.0.0/8').warnings.map((w) => w.message), [
    'item 2 "10.1.2.3" lies inside item 1 "10.0.0.0/8" (10.0.0.0/8)',
  ], 'adjacent blocks and other families do not overlap');
  t.equal(parseRangeList('10.0.0.0/8').warnings[0], undefined);
  t.equal(parseRangeList('10.0.0.0/8,10.1.0.0/16').warnings[0]?.place, undefined, 'no place given, none attached');
});

t.test('effectiveRanges: merged includes minus merged excludes, per family', async (t) => {
  const e1 = effectiveRanges(parseRangeList('*'), parseRangeList('10.0.0.0/8,fd00::/8'));
  t.strictSame(fmtAll(e1.ipv4), [
    '0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/1',
  ]);
  t.strictSame(fmtAll(e1.ipv6), ['::/1', '8000::/2', 'c000::/3', 'e000::/4', 'f000::/5', 'f800::/6', 'fc00::/8', 'fe00::/7']);
  const e2 = effectiveRanges(parseRangeList('10.0.0.0/9,10.128.0.0/9,10.4.0.0/14'), parseRangeList('10.96.0.0/12'));
  t.strictSame(fmtAll(e2.ipv4), ['10.0.0.0/10', '10.64.0.0/11', '10.112.0.0/12', '10.128.0.0/9']);
  t.strictSame(e2.ipv6, []);
  const e3 = effectiveRanges(parseRangeList('10.0.0.0/8'), parseRangeList('*'));
  t.strictSame([e3.ipv4, e3.ipv6], [[], []], 'excluding everything leaves nothing');
  const e4 = effectiveRanges(parseRangeList(''), parseRangeList(''));
  t.strictSame([e4.ipv4, e4.ipv6], [[], []], 'an empty include captures nothing');
  const e5 = effectiveRanges(parseRangeList('*'), parseRangeList(''));
  t.strictSame([fmtAll(e5.ipv4), fmtAll(e5.ipv6)], [['0.0.0.0/0'], ['::/0']]);
});

t.test('compareCidrs: IPv4 first, then address, then prefix', async (t) => {
  const list = ['fd00::/8', '10.0.0.0/16', '::/0', '10.0.0.0/8', '9.0.0.0/8'].map((x) => parseCidr(x).cidr);
  t.strictSame(fmtAll(list.sort(compareCidrs)), ['9.0.0.0/8', '10.0.0.0/8', '10.0.0.0/16', '::/0', 'fd00::/8']);
  const c = (x: string, y: string): number => Math.sign(compareCidrs(parseCidr(x).cidr, parseCidr(y).cidr));
  t.equal(c('::1', '::1'), 0);
  t.equal(c('10.0.0.0/8', '9.0.0.0/8'), 1);
  t.equal(c('9.0.0.0/8', '10.0.0.0/8'), -1);
  t.equal(c('::/0', '255.255.255.255'), 1);
  t.equal(c('::2', '::1'), 1);
  t.equal(c('10.0.0.0/16', '10.0.0.0/8'), 1);
});

t.test('refuses characters outside ASCII in an IPv6 address', async (t) => {
  t.throws(() => parseCidr('fd00::\u00e1/8'), { code: 'E_CIDR', message: /IPv6 address has the character "\u00e1"/ });
  t.throws(() => parseCidr('fd00::\u0661'), { code: 'E_CIDR', message: /IPv6 address has the character "\u0661"/ });
});
