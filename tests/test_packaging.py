"""What a user gets from `pip install webio`: a framework-free core, plugins that say what to install."""
import subprocess
import sys

import pytest

FRAMEWORKS = ("tornado", "flask", "django", "channels", "starlette", "fastapi", "aiohttp", "uvicorn", "werkzeug")


def run_python(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_importing_the_core_imports_no_web_framework():
    result = run_python(
        "import sys, webio, webio.input, webio.output, webio.pin, webio.session, webio.config, webio.protocol, "
        "webio.transport\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FRAMEWORKS!r}))"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("plugin,framework,extra", [
    ("flask", "flask", "flask"),
    ("django", "django", "django"),
    ("starlette", "starlette", "starlette"),
    ("aiohttp", "aiohttp", "aiohttp"),
])
def test_plugin_without_its_framework_says_what_to_install(plugin, framework, extra):
    result = run_python(f"import sys; sys.modules[{framework!r}] = None\nimport webio.{plugin}")
    assert result.returncode != 0
    assert "pip install" in result.stderr and extra in result.stderr


def test_the_browser_client_ships_in_the_package():
    from webio.static import STATIC_PATH, asset_path, asset_version

    for name in ("webio.js", "webio.css", "webio.rtl.css"):
        assert asset_path(name).is_file(), f"{name} missing from {STATIC_PATH}"
        assert len(asset_version(name)) == 12


def test_every_source_package_is_listed_in_setup_cfg():
    """setup.cfg lists packages explicitly (package_dir mapping): a new folder must be added there."""
    import configparser
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    config = configparser.ConfigParser()
    config.read(root / "setup.cfg")
    listed = set(config["options"]["packages"].split())
    mapping = dict(line.split(" = ") for line in config["options"]["package_dir"].strip().splitlines())
    found = set()
    for package, folder in mapping.items():
        base = root / folder
        for init in base.rglob("__init__.py"):
            if "node_modules" in init.parts:
                continue
            relative = init.parent.relative_to(base).parts
            found.add(".".join((package, *relative)))
    assert found - listed == set(), "add these to setup.cfg [options] packages"
