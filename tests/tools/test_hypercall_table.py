# SPDX-License-Identifier: MIT
"""No hypercall acts that is not documented: the numbers in the ABI
header (include/hypercall.h), the dispatch table (hv/hypercalls.c) and
the table of docs/hypercalls.md, section 5, are the same calls."""

import os
import re
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def read(rel):
    with open(os.path.join(ROOT, rel)) as f:
        return f.read()


def header_calls(text):
    """{name: number} of enum hv_hypercall up to HC_COUNT, and HC_COUNT."""
    body = re.search(r"enum hv_hypercall \{(.*?)\};", text, re.S).group(1)
    calls, count = {}, None
    for name, value in re.findall(r"^\s*(HC_\w+)\s*(?:=\s*(\w+))?,",
                                  body, re.M):
        if name == "HC_COUNT":
            count = max(calls.values()) + 1
            break
        calls[name] = int(value, 0)
    return calls, count


def dispatch_calls(text):
    """The names the dispatch table has a function for."""
    body = re.search(r"hypercalls\[HC_COUNT\] = \{(.*?)\};", text,
                     re.S).group(1)
    return set(re.findall(r"\[(HC_\w+)\]\s*=\s*hc_\w+,", body))


def documented_calls(text):
    """{name: number} of the rows of docs/hypercalls.md, "5. The calls"."""
    section = text.split("## 5. The calls", 1)[1].split("\n## ", 1)[0]
    return {name: int(nr) for nr, name in
            re.findall(r"^\| (\d+) \| `(HC_\w+)` \|", section, re.M)}


class HypercallTable(unittest.TestCase):
    def setUp(self):
        self.header, self.count = header_calls(read("include/hypercall.h"))
        self.dispatch = dispatch_calls(read("hv/hypercalls.c"))
        self.docs = documented_calls(read("docs/hypercalls.md"))

    def test_parsed(self):
        self.assertIn("HC_NULL", self.header)
        self.assertGreater(len(self.docs), 10)

    def test_every_dispatched_call_is_documented(self):
        self.assertEqual(sorted(self.dispatch), sorted(self.docs))

    def test_documented_numbers_are_the_abi_numbers(self):
        self.assertEqual(self.docs, self.header)

    def test_hc_count_ends_the_table(self):
        self.assertEqual(self.count, max(self.docs.values()) + 1)
        self.assertEqual(sorted(self.docs.values()), list(range(self.count)))

    def test_it_notices(self):
        text = read("docs/hypercalls.md").replace(
            "| 10 | `HC_EXIT_STATS` |", "| 10 | `HC_SECRET` |")
        self.assertNotEqual(documented_calls(text), self.header)
        self.assertNotIn("HC_EXIT_STATS", documented_calls(text))


if __name__ == "__main__":
    unittest.main()
