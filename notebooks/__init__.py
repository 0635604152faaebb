"""The report notebooks, shipped as the package data `governance.notebooks` (see setup.py).

Not a package anyone imports: the file lets an editable install map this folder into the
package the same way a wheel does, so `importlib.resources` finds the notebooks in both.
"""
