"""`pip install .`: the stemma Python package, its C++ module built by the project's CMake.

Offline by design: there is no pyproject.toml, so pip builds in this environment
with the setuptools and wheel it already has (Debian: python3-setuptools,
python3-wheel) and downloads nothing. The module is built with CMake for the
Python running pip, in build-pip/ (or in STEMMA_BUILD_DIR, e.g. an existing
`make` build made for the same Python). The engine's build needs the Debian
packages of scripts/install-deps.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

SOURCE = Path(__file__).resolve().parent


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        build_dir = Path(os.environ.get("STEMMA_BUILD_DIR", SOURCE / "build-pip")).resolve()
        configure = [
            "cmake", "-S", str(SOURCE), "-B", str(build_dir), "-G", "Ninja",
            "-DCMAKE_BUILD_TYPE=Release", f"-DSTEMMA_PYTHON={sys.executable}",
        ]
        if "STEMMA_BUILD_DIR" not in os.environ:
            configure += ["-DSTEMMA_BUILD_TESTS=OFF", "-DSTEMMA_BUILD_BENCH=OFF"]
        subprocess.run(configure, check=True)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_stemma"], check=True)
        built = next((build_dir / "python" / "stemma").glob("_stemma*.so"))
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    name="stemma",
    version="0.1.0",
    description="Find where news text came from: text reuse and provenance (C++ engine)",
    python_requires=">=3.9",
    package_dir={"": "python"},
    packages=["stemma"],
    package_data={"stemma": ["py.typed", "*.pyi"]},
    ext_modules=[Extension("stemma._stemma", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    extras_require={"pandas": ["pandas"]},
    zip_safe=False,
)
