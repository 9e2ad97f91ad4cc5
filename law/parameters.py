"""What the law's parameters say: each value as in force on a day, its history, and what a computation read.

`parameter_value` reads one parameter on a day; `traced_parameters` lists the parameters an OpenFisca
simulation actually read (from its tracer), each with the value, the day that value took effect and its
reference, so that an explanation never relies on a hand-kept list beside the formulas.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openfisca_core.parameters import Parameter, ParameterNode
from openfisca_core.simulations import Simulation

from law.inputs import LawInputError
from law.rules import tax_benefit_system


@dataclass(frozen=True)
class ParameterValue:
    """One parameter as read: its value on the day, when that value took effect, and where it comes from."""

    path: str
    value: Any
    effective_from: dt.date | None
    unit: str
    description: str
    reference: Any
    last_confirmed: dt.date | None
    articles: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "value": self.value,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "unit": self.unit, "description": self.description, "reference": self.reference,
            "last_confirmed": self.last_confirmed.isoformat() if self.last_confirmed else None,
            "articles": list(self.articles),
        }


def as_date(value: Any) -> dt.date | None:
    """A parameter file's date (a date, ISO text or empty) as a date, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def parameter_node(path: str) -> Any:
    """The OpenFisca parameter (or node) at the dotted `path`; KeyError when there is none."""
    node: Any = tax_benefit_system().parameters
    for part in path.split("."):
        node = node.children[part]
    return node


def parameter_value(path: str, on: dt.date) -> ParameterValue:
    """The parameter `path` (dotted, e.g. 'relocation.subsidy_mci_per_member') as in force on `on`."""
    parameter = parameter_node(path)
    instant = on.isoformat()
    current = next((v for v in parameter.values_list if v.instant_str <= instant), None)
    if current is None or current.value is None:
        raise LawInputError("date", _("%(path)s has no value on %(day)s") % {"path": path, "day": instant})
    meta = parameter.metadata
    value_ref = (current.metadata or {}).get("reference", meta.get("reference"))
    return ParameterValue(
        path=path, value=current.value, effective_from=as_date(current.instant_str), unit=str(meta.get("unit", "")),
        description=parameter.description or "", reference=value_ref,
        last_confirmed=as_date(meta.get("last_confirmed")), articles=tuple(meta.get("articles", ())),
    )


def _leaf_paths(node: ParameterNode, prefix: str = "") -> list[str]:
    out: list[str] = []
    for name, child in node.children.items():
        path = f"{prefix}{name}"
        if isinstance(child, ParameterNode):
            out.extend(_leaf_paths(child, path + "."))
        else:
            out.append(path)
    return out


@functools.lru_cache(maxsize=1)
def parameter_paths() -> tuple[str, ...]:
    """Every leaf parameter's dotted path, sorted."""
    return tuple(sorted(_leaf_paths(tax_benefit_system().parameters)))


def parameters_in_force(on: dt.date) -> list[ParameterValue]:
    """Every parameter that has a value on `on`, with its reference (for GET /api/v1/law/parameters)."""
    out = []
    for path in parameter_paths():
        try:
            out.append(parameter_value(path, on))
        except LawInputError:
            continue
    return out


def parameter_history(path: str) -> list[tuple[dt.date, Any, Any]]:
    """(effective date, value, reference) of every value the parameter has had, oldest first."""
    parameter = parameter_node(path)
    return [(dt.date.fromisoformat(v.instant_str), v.value, (v.metadata or {}).get("reference"))
            for v in reversed(parameter.values_list)]


def unconfirmed_flags(params: Iterable[ParameterValue], on: dt.date) -> tuple[str, ...]:
    """A flag for each parameter read on `on`, after the day its value was last confirmed."""
    return tuple(
        f"parameter {p.path} not confirmed after {p.last_confirmed.isoformat()}"
        for p in params if p.last_confirmed is not None and on > p.last_confirmed
    )


def read(paths: Iterable[str], on: dt.date) -> tuple[ParameterValue, ...]:
    """The parameters at `paths` as in force on `on`."""
    return tuple(parameter_value(p, on) for p in paths)


def traced_parameters(simulation: Simulation) -> tuple[ParameterValue, ...]:
    """Every parameter the traced `simulation` read, sorted by path, each as in force on the day it was read.

    A vectorial read of a whole node (OpenFisca records the node's name) counts as a read of each of its
    leaves. The simulation must have been built with tracing on (law.rules.simulate.build(trace=True)).
    """
    read_on: dict[str, str] = {}
    for node in simulation.tracer.browse_trace():
        for access in node.parameters:
            read_on.setdefault(access.name, str(access.period))
    out: dict[str, ParameterValue] = {}
    for name, day in read_on.items():
        found = parameter_node(name)
        leaves = [name] if isinstance(found, Parameter) else [f"{name}.{p}" for p in _leaf_paths(found)]
        for leaf in leaves:
            out.setdefault(leaf, parameter_value(leaf, dt.date.fromisoformat(day[:10])))
    return tuple(out[path] for path in sorted(out))


def formulas_in_force(names: Sequence[str], on: dt.date) -> tuple[str, ...]:
    """The name of the formula each named variable uses on `on` (its dated version), '' where it has none."""
    variables = tax_benefit_system().variables
    out = []
    for name in names:
        formula = variables[name].get_formula(on.isoformat())
        out.append(formula.__name__ if formula is not None else "")
    return tuple(out)


def variable_labels() -> dict[str, str]:
    """Each variable's label (its name in plain words)."""
    return {name: str(v.label) for name, v in tax_benefit_system().variables.items()}


def articles_for(names: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The references (article ids first) of the named variables."""
    variables = tax_benefit_system().variables
    out = {}
    for name in names:
        ref = variables[name].reference or []
        out[name] = tuple(ref if isinstance(ref, list | tuple) else [ref])
    return out
