import t from 'tap';
import { canonicalCidrProblem, isCanonicalCidr } from '../lib/cidr/index.js';

t.test('canonical CIDRs are accepted', async (t) => {
  for (const c of ['0.0.0.0/0', '10.0.0.0/8', '192.0.2.1/32', '::/0', '2001:db8::/32', 'fd00:10:96::/112', '::1/128']) {
    t.equal(canonicalCidrProblem(c), undefined, c);
    t.ok(isCanonicalCidr(c), c);
  }
  t.ok(isCanonicalCidr('10.0.0.0/8', 4));
  t.notOk(isCanonicalCidr('10.0.0.0/8', 6));
  t.ok(isCanonicalCidr('fd00::/8', 6));
  t.notOk(isCanonicalCidr('fd00::/8', 4));
});

t.test('everything else says why', async (t) => {
  t.equal(canonicalCidrProblem('10.0.0.1/8'), 'has host bits set (10.0.0.0/8)');
  t.equal(canonicalCidrProblem('10.0.0.1'), 'has no /prefix (10.0.0.1/32)');
  t.equal(canonicalCidrProblem('2001:DB8::/32'), 'is not in canonical form (2001:db8::/32)');
  t.equal(canonicalCidrProblem('2001:db8:0:0:0:0:0:0/32'), 'is not in canonical form (2001:db8::/32)');
  t.equal(canonicalCidrProblem('::fffe:192.0.2.0/120'), 'is not in canonical form (::fffe:c000:200/120)');
  t.match(canonicalCidrProblem('::ffff:192.0.2.0/120'), /IPv4-mapped IPv6 range/);
  for (const bad of ['010.0.0.0/8', '10.0.0.0/33', '"10.0.0.0/8"', '10.0.0.0/8 ', '[[ x ]]', '']) {
    t.type(canonicalCidrProblem(bad), 'string', JSON.stringify(bad));
    t.notOk(isCanonicalCidr(bad));
  }
});
