"""The public API is explicit: ``analysis.__all__`` lists it, and only it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import analysis


def test_all_names_exist_and_are_sorted() -> None:
    assert analysis.__all__ == sorted(analysis.__all__, key=lambda n: (not n.isupper(), n))
    assert len(set(analysis.__all__)) == len(analysis.__all__)
    for name in analysis.__all__:
        assert hasattr(analysis, name), name


def test_public_callables_are_typed() -> None:
    for name in analysis.__all__:
        obj = getattr(analysis, name)
        if inspect.isfunction(obj):
            hints = obj.__annotations__
            assert "return" in hints, f"{name} has no return annotation"
            params = [p for p in inspect.signature(obj).parameters.values()
                      if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
            assert all(p.name in hints for p in params), f"{name} has untyped parameters"


def test_no_public_name_leaks_from_star_import() -> None:
    namespace: dict[str, object] = {}
    exec("from analysis import *", namespace)
    exported = {k for k in namespace if not k.startswith("__")}
    assert exported == {n for n in analysis.__all__ if not n.startswith("__")}


def test_every_module_declares_all() -> None:
    for info in pkgutil.iter_modules(analysis.__path__, "analysis."):
        if info.name.endswith("__main__") or info.ispkg:
            continue  # internal subpackages (analysis.timex) are re-exported by a module
        module = importlib.import_module(info.name)
        assert isinstance(getattr(module, "__all__", None), list), f"{info.name} lacks __all__"
