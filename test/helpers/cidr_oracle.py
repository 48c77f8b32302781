#!/usr/bin/env python3
"""Reference answers for the CIDR engine tests, computed with Python's standard `ipaddress` module.

Reads one JSON document on stdin:
  {"sets": [{"a": [cidr...], "b": [cidr...], "probes": [cidr...]}...], "formats": [address...]}
and writes one JSON document on stdout:
  {"sets": [{"merge": L, "subtract": L, "intersect": L, "contains": [bool...], "overlaps": bool,
             "merge_text": T, "subtract_text": T}...],
   "formats": [str...]}
where L is a canonical list of [network address as a decimal string, prefix length], IPv4 first, ascending, and T
the same blocks as ipaddress writes them ("10.0.0.0/8", "2001:db8::/32").
Every answer comes from ipaddress itself: collapse_addresses, address_exclude, subnet_of and overlaps.
"""
import bisect
import ipaddress
import json
import sys


def nets(texts):
    # strict=False: host bits set are allowed and cleared, as the engine under test does.
    return [ipaddress.ip_network(t, strict=False) for t in texts]


def collapse(ns):
    out = []
    for version in (4, 6):
        out.extend(ipaddress.collapse_addresses([n for n in ns if n.version == version]))
    return out


def bounds(n):
    return (n.version, int(n.network_address), int(n.broadcast_address))


def subtract(a, b):
    """Addresses of a not in b, by repeated address_exclude. Pieces stay disjoint and sorted, so bisect finds the
    few that meet each block of b (the oracle would be slow on large blocks minus many small ones otherwise)."""
    pieces = sorted(collapse(a), key=bounds)
    keys = [bounds(p) for p in pieces]
    for m in collapse(b):
        mv, ms, me = bounds(m)
        i = bisect.bisect_right(keys, (mv, ms, ms))
        if i > 0 and keys[i - 1][0] == mv and keys[i - 1][2] >= ms:
            i -= 1
        j = i
        replaced = []
        while j < len(pieces) and keys[j][0] == mv and keys[j][1] <= me:
            p = pieces[j]
            if m.subnet_of(p):
                replaced.extend(sorted(p.address_exclude(m), key=bounds))
            # else p lies inside m: nothing of p is left
            j += 1
        pieces[i:j] = replaced
        keys[i:j] = [bounds(p) for p in replaced]
    return collapse(pieces)


def intersect(a, b):
    out = []
    cb = collapse(b)
    for p in collapse(a):
        for m in cb:
            if p.version == m.version and p.overlaps(m):
                out.append(p if p.subnet_of(m) else m)
    return collapse(out)


def contains(ca, c):
    """Whether c lies inside the union of the disjoint blocks ca: the blocks that meet c, each inside c or holding
    all of it, must add up to all of c's addresses."""
    covered = 0
    for n in ca:
        if n.version == c.version and n.overlaps(c):
            if c.subnet_of(n):
                return True
            covered += n.num_addresses
    return covered == c.num_addresses


def listing(ns):
    return [[str(int(n.network_address)), n.prefixlen] for n in ns]


def main():
    request = json.load(sys.stdin)
    answers = []
    for case in request.get("sets", []):
        a, b = nets(case["a"]), nets(case["b"])
        ca = collapse(a)
        diff = subtract(a, b)
        answers.append({
            "merge": listing(ca),
            "subtract": listing(diff),
            "merge_text": [str(n) for n in ca],
            "subtract_text": [str(n) for n in diff],
            "intersect": listing(intersect(a, b)),
            "contains": [contains(ca, c) for c in nets(case["probes"])],
            "overlaps": any(p.version == m.version and p.overlaps(m) for p in a for m in b),
        })
    formats = [str(ipaddress.ip_address(t)) for t in request.get("formats", [])]
    sys.stdout.write(json.dumps({"sets": answers, "formats": formats}))


main()
