# SPDX-License-Identifier: MIT
"""tools/compare --against: the VT-x against SVM table adds up each exit
kind's exits and hypervisor instructions over every guest of each run,
whatever the backends call the reasons, and says which run is which."""

import importlib.machinery
import importlib.util
import os
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def load_compare():
    path = os.path.join(ROOT, "tools", "compare")
    loader = importlib.machinery.SourceFileLoader("compare_tool", path)
    spec = importlib.util.spec_from_loader("compare_tool", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def run(backend, source, guests):
    return {"backend": backend, "source": source, "unit": "instructions",
            "guests": {g: {"reasons": r} for g, r in guests.items()}}


class BackendTable(unittest.TestCase):
    def setUp(self):
        self.c = load_compare()
        self.vmx = run("vmx", "vmx.log", {
            "a-full": {"IO_INSTRUCTION": {"kind": "io", "count": 10,
                                          "cycles": 3000},
                       "MSR_READ": {"kind": "msr", "count": 2, "cycles": 400},
                       "MSR_WRITE": {"kind": "msr", "count": 2,
                                     "cycles": 600}},
            "a-pv": {"CPUID": {"kind": "cpuid", "count": 4, "cycles": 3200}}})
        self.svm = run("svm", "svm.log", {
            "a-full": {"IOIO": {"kind": "io", "count": 10, "cycles": 9000},
                       "MSR": {"kind": "msr", "count": 4, "cycles": 2000}},
            "a-pv": {"CPUID": {"kind": "cpuid", "count": 4, "cycles": 6000}}})

    def rows(self, t):
        return {r["kind"]: r for r in t["rows"]}

    def test_kinds_across_names(self):
        t = self.c.backend_table(self.svm, self.vmx)
        r = self.rows(t)
        self.assertEqual(sorted(r), ["cpuid", "io", "msr"])
        self.assertEqual((r["msr"]["vmx_exits"], r["msr"]["svm_exits"]),
                         (4, 4))
        self.assertEqual(r["msr"]["vmx_per_exit"], 250)
        self.assertEqual(r["msr"]["svm_per_exit"], 500)
        self.assertEqual(r["io"]["svm_over_vmx"], 3.0)
        self.assertEqual((t["vmx"], t["svm"]), ("vmx.log", "svm.log"))

    def test_either_order(self):
        a = self.c.backend_table(self.svm, self.vmx)
        b = self.c.backend_table(self.vmx, self.svm)
        self.assertEqual(a["rows"], b["rows"])
        self.assertEqual((a["vmx"], a["svm"]), (b["vmx"], b["svm"]))

    def test_report_section(self):
        text = "\n".join(self.c.backend_section(
            self.c.backend_table(self.svm, self.vmx)))
        self.assertIn("| io | 10 | 10 | 300 | 900 | 3.00 |", text)
        self.assertIn("- **cpuid**: ", text)


if __name__ == "__main__":
    unittest.main()
