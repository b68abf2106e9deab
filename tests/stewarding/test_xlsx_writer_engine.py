"""export-xlsx writes through lxml (a dependency of the package, pyproject.toml): openpyxl
takes its lxml writer only when lxml imports and OPENPYXL_LXML is not "False"; without it,
the workbook is the same but export-xlsx at 20,000 concepts takes about a third longer."""

from __future__ import annotations

import os
import subprocess
import sys


def test_openpyxl_writes_through_lxml_in_a_fresh_interpreter():
    env = {k: v for k, v in os.environ.items() if k != "OPENPYXL_LXML"}
    probe = ("import openpyxl.xml, openpyxl.cell._writer as w; "
             "print(openpyxl.xml.LXML, w.write_cell.__name__)")
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["True", "lxml_write_cell"]
