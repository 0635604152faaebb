"""The sample company's register, shipped as the package data `governance.sample_company`.

Not a package anyone imports: the file lets setup.py map this folder into the package (in an
editable install as in a wheel), so `governance demo` and `governance generate` find the
register through importlib.resources. The event files under `events/` are not shipped: the
generator writes the same bytes from the register and the default seed (a test holds them).
"""
