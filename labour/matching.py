"""Matching movers to vacancies, solved exactly as a min-cost flow (OR-Tools). No Django here.

The solver takes plain values: candidates (people who may move), jobs (vacancies with free places), the
regions that may receive people on the run's date, and quota caps (how many people each region may still
receive). It returns the assignment that maximises the total score, with every proposal's score split into
its parts. `labour/README.md` writes the score and the network down; the tests compare the optimum with a
brute-force search and with a general MIP solver.

Score of a candidate p for a job j (whole points; a pair with no arc is not feasible):

- occupation: the same ISCO-08 sub-major group 40, the same major group 15, otherwise infeasible; a
  candidate with no stated occupation fits elementary occupations (major group 9) for 15;
- wage against the previous wage: ratio >= 1.25 → 25, >= 1.10 → 20, >= 1.00 → 15, >= 0.90 → 5, lower 0;
  no previous wage known → 10;
- housing against the family: one person — dormitory or service flat 15, none 0; a family of n >= 2 —
  service flat with at least ceil(n / 2) rooms 20, a smaller flat 10, dormitory or none 0;
- region: the candidate's first, second, third preferred region 20, 12, 6; a candidate who stated
  preferences is proposed only in them; one who stated none may go to any receiving region for 0.

Constraints: each candidate at most one job; a job at most its free places; a region outside the receiving
regions gets nobody; a region with a quota cap gets at most that many people in the run.

Network: the plain network is source → candidate (capacity 1) → job (capacity 1, cost −score) → region
(capacity = the job's free places) → sink (capacity = the region's cap, or unbounded), plus a bypass source →
sink at cost 0 so that leaving a candidate unassigned is allowed. The job and region capacities are nested (a
job lies in one region), so the constraint matrix is a network matrix and the integral min-cost flow is the
exact optimum of the integer problem. `solve` solves the same problem on the much smaller class network of
`build_network` (people who score alike share a class; a chain of type nodes by previous wage stands for the
wage levels) and decodes its flow into an assignment of the same score; `solve_plain` solves the plain network
(one arc per feasible pair) and serves as the reference in the tests and the benchmark.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

HOUSING_KINDS = ("none", "dormitory", "service_flat")
REGION_POINTS = (20, 12, 6)
FLAT = HOUSING_KINDS.index("service_flat")
MAX_WAGE = 10**11  # tenge; keeps a wage chain's sort key (chain * WAGE_KEY + wage) within 64 bits
WAGE_KEY = 1 << 42


class InstanceError(ValueError):
    """A matching instance that cannot be solved; `field` names the bad part (e.g. 'persons[3].occupation')."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Candidate:
    """A person who may be proposed: occupation as an ISCO-08 code (its first two digits are used)."""

    key: str
    occupation: str | None = None
    previous_wage_kzt: int | None = None
    family_size: int = 1
    preferred_regions: tuple[str, ...] = ()
    source: str = "job_seeker"


@dataclass(frozen=True)
class Job:
    """A vacancy's free places in a region, for an ISCO-08 occupation."""

    key: str
    region: str
    occupation: str
    places: int
    wage_kzt: int
    housing: str = "none"
    housing_rooms: int | None = None


@dataclass(frozen=True)
class Instance:
    candidates: tuple[Candidate, ...]
    jobs: tuple[Job, ...]
    receiving_regions: frozenset[str] | None = None  # None: every region may receive
    quotas: dict[str, int] = field(default_factory=dict)  # region -> people it may still receive


@dataclass(frozen=True)
class Proposal:
    candidate: str
    job: str
    region: str
    score: int
    parts: dict[str, int]


@dataclass(frozen=True)
class Result:
    proposals: tuple[Proposal, ...]
    objective: int
    arcs: int  # feasible (candidate, job) pairs, whichever network solved it
    excluded_jobs: tuple[str, ...] = ()
    network_arcs: int = 0  # arcs of the network the solver was given

    def as_dict(self) -> dict[str, Any]:
        return {"objective": self.objective, "assigned": len(self.proposals), "arcs": self.arcs,
                "network_arcs": self.network_arcs,
                "excluded_jobs": list(self.excluded_jobs),
                "assignment": [{"person": p.candidate, "vacancy": p.job, "region": p.region, "score": p.score,
                                "parts": p.parts} for p in self.proposals]}


# --- the score ---------------------------------------------------------------------------------------------

def occupation_points(person: str | None, job: str) -> int | None:
    if not person:
        return 15 if job[:1] == "9" else None
    if person[:2] == job[:2]:
        return 40
    if person[:1] == job[:1]:
        return 15
    return None


def wage_points(previous: int | None, wage: int) -> int:
    if not previous:
        return 10
    # integer comparisons of wage / previous against 1.25, 1.10, 1.00, 0.90
    if wage * 100 >= previous * 125:
        return 25
    if wage * 100 >= previous * 110:
        return 20
    if wage >= previous:
        return 15
    if wage * 100 >= previous * 90:
        return 5
    return 0


def housing_points(family_size: int, housing: str, rooms: int | None) -> int:
    if family_size <= 1:
        return 15 if housing in ("dormitory", "service_flat") else 0
    if housing == "service_flat":
        return 20 if (rooms or 0) >= math.ceil(family_size / 2) else 10
    return 0


def region_points(preferences: Sequence[str], region: str) -> int | None:
    if not preferences:
        return 0
    for rank, code in enumerate(preferences[: len(REGION_POINTS)]):
        if code == region:
            return REGION_POINTS[rank]
    return None


def score_parts(candidate: Candidate, job: Job) -> dict[str, int] | None:
    """The parts of the score of `candidate` for `job`, or None when the pair is not feasible."""
    occupation = occupation_points(candidate.occupation, job.occupation)
    if occupation is None:
        return None
    region = region_points(candidate.preferred_regions, job.region)
    if region is None:
        return None
    return {"occupation": occupation, "wage": wage_points(candidate.previous_wage_kzt, job.wage_kzt),
            "housing": housing_points(candidate.family_size, job.housing, job.housing_rooms), "region": region}


# --- arcs ----------------------------------------------------------------------------------------------------

def usable_jobs(instance: Instance) -> tuple[list[Job], list[str]]:
    """Jobs with free places in a receiving region (and a region whose cap is not 0); the rest are excluded."""
    usable, excluded = [], []
    for job in instance.jobs:
        if job.places <= 0 or (instance.receiving_regions is not None and job.region not in instance.receiving_regions):
            excluded.append(job.key)
        elif instance.quotas.get(job.region, 1) <= 0:
            excluded.append(job.key)
        else:
            usable.append(job)
    return usable, excluded


def feasible_arcs(instance: Instance) -> tuple[list[Job], list[str], np.ndarray, np.ndarray, np.ndarray]:
    """(usable jobs, excluded job keys, candidate index, job index, score) of every feasible pair.

    For `match --arcs`, the plain network (`solve_plain`) and the checks; `solve` never lists the pairs.
    Vectorised with NumPy: jobs are bucketed by (region, occupation major group); every (candidate, region it
    may go to) is crossed with its bucket's jobs, so the work grows with the number of feasible pairs, not with
    candidates × jobs. `score_parts` computes the same score one pair at a time (the tests check one against
    the other through the brute force).
    """
    jobs, excluded = usable_jobs(instance)
    empty = np.zeros(0, dtype=np.int64)
    if not jobs or not instance.candidates:
        return jobs, excluded, empty, empty, empty
    regions = sorted({job.region for job in jobs})
    region_of = {r: i for i, r in enumerate(regions)}
    n_regions = len(regions)
    c = _candidate_arrays(instance, region_of)
    j = _job_arrays(jobs, region_of)
    ranks = c["pref"].shape[1]
    # (candidate, region, region points) for every preference, and every region for those who stated none
    pair_c = [np.flatnonzero(c["pref"][:, r] >= 0) for r in range(ranks)]
    pair_region = [c["pref"][pc, r] for r, pc in enumerate(pair_c)]
    pair_points = [np.full(len(pc), REGION_POINTS[r], dtype=np.int64) for r, pc in enumerate(pair_c)]
    free = np.flatnonzero(c["no_pref"])
    pair_c.append(np.repeat(free, n_regions))
    pair_region.append(np.tile(np.arange(n_regions, dtype=np.int64), len(free)))
    pair_points.append(np.zeros(len(free) * n_regions, dtype=np.int64))
    all_c = np.concatenate(pair_c)
    all_bucket = np.concatenate(pair_region) * 10 + c["major"][all_c]
    all_points = np.concatenate(pair_points)
    j_bucket = j["region"] * 10 + j["major"]
    j_order = np.argsort(j_bucket, kind="stable")
    jb_sorted = j_bucket[j_order]
    jb_start = np.searchsorted(jb_sorted, all_bucket, side="left")
    per = np.searchsorted(jb_sorted, all_bucket, side="right") - jb_start
    row = np.repeat(np.arange(len(all_c)), per)
    offsets = np.arange(len(row)) - np.repeat(np.cumsum(per) - per, per)
    cand = all_c[row]
    job = j_order[np.repeat(jb_start, per) + offsets]
    region_pts = all_points[row]
    del row, offsets
    sub = c["sub"][cand]
    occ = np.where(sub == -1, 15, np.where(sub == j["sub"][job], 40, 15))
    prev, wage = c["prev"][cand], j["wage"][job]
    wage_pts = np.select([prev == 0, wage * 100 >= prev * 125, wage * 100 >= prev * 110, wage >= prev,
                          wage * 100 >= prev * 90], [10, 25, 20, 15, 5], default=0)
    need, housing = c["need"][cand], j["housing"][job]
    house = np.where(need == 0, np.where(housing > 0, 15, 0),
                     np.where(housing == FLAT, np.where(j["rooms"][job] >= need, 20, 10), 0))
    score = (occ + wage_pts + house + region_pts).astype(np.int64)
    return jobs, excluded, cand.astype(np.int64), job.astype(np.int64), score


# --- the solver ---------------------------------------------------------------------------------------------

def solve_arcs(n_candidates: int, jobs: Sequence[Job], quotas: dict[str, int], cand: np.ndarray, job: np.ndarray,
               score: np.ndarray) -> tuple[np.ndarray, int]:
    """Solve the min-cost flow over the given arcs; returns (indices of the chosen arcs, total score)."""
    from ortools.graph.python import min_cost_flow

    n_jobs = len(jobs)
    regions = sorted({j.region for j in jobs})
    region_of = {r: i for i, r in enumerate(regions)}
    # nodes: 0 source, 1 sink, candidates, jobs, regions
    source, sink = 0, 1
    c0 = 2
    j0 = c0 + n_candidates
    r0 = j0 + n_jobs
    flow = min_cost_flow.SimpleMinCostFlow()
    total = n_candidates
    # source -> candidate
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(n_candidates, source, dtype=np.int32), np.arange(c0, j0, dtype=np.int32),
        np.ones(n_candidates, dtype=np.int64), np.zeros(n_candidates, dtype=np.int64))
    # candidate -> job (the decision arcs)
    first_arc = n_candidates
    flow.add_arcs_with_capacity_and_unit_cost(
        (c0 + cand).astype(np.int32), (j0 + job).astype(np.int32), np.ones(len(cand), dtype=np.int64),
        (-score).astype(np.int64))
    # job -> region
    places = np.asarray([j.places for j in jobs], dtype=np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(j0, r0, dtype=np.int32), np.asarray([r0 + region_of[j.region] for j in jobs], dtype=np.int32),
        places, np.zeros(n_jobs, dtype=np.int64))
    # region -> sink
    caps = np.asarray([min(quotas.get(r, total), total) for r in regions], dtype=np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(r0, r0 + len(regions), dtype=np.int32), np.full(len(regions), sink, dtype=np.int32), caps,
        np.zeros(len(regions), dtype=np.int64))
    # bypass: a candidate may stay unassigned
    flow.add_arc_with_capacity_and_unit_cost(source, sink, total, 0)
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    arc_ids = np.arange(first_arc, first_arc + len(cand), dtype=np.int32)
    flows = flow.flows(arc_ids) if len(cand) else np.zeros(0, dtype=np.int64)
    chosen = np.nonzero(np.asarray(flows) > 0)[0]
    return chosen, -int(flow.optimal_cost())


def _candidate_arrays(instance: Instance, region_of: dict[str, int]) -> dict[str, np.ndarray]:
    """The candidates' attributes that the score reads, as arrays (one Python pass over the candidates)."""
    cands = instance.candidates
    n = len(cands)
    ranks = len(REGION_POINTS)
    pref = np.full((n, ranks), -1, dtype=np.int64)
    no_pref = np.zeros(n, dtype=bool)
    for i, c in enumerate(cands):
        if not c.preferred_regions:
            no_pref[i] = True
            continue
        seen: set[str] = set()
        for r, code in enumerate(c.preferred_regions[:ranks]):
            if code not in seen:
                seen.add(code)
                pref[i, r] = region_of.get(code, -1)
    family = np.fromiter((c.family_size for c in cands), dtype=np.int64, count=n)
    prev = np.fromiter((c.previous_wage_kzt or 0 for c in cands), dtype=np.int64, count=n)
    if n and prev.max() >= MAX_WAGE:
        raise InstanceError("previous_wage_kzt", f"must be below {MAX_WAGE}")
    return {
        # sub-major group (two digits); -2 when only the major group is known, -1 when the occupation is unknown
        "sub": np.fromiter((int(c.occupation[:2]) if c.occupation and len(c.occupation) >= 2 else
                            (-2 if c.occupation else -1) for c in cands), dtype=np.int64, count=n),
        # an unknown occupation fits elementary occupations (major group 9) only
        "major": np.fromiter((int(c.occupation[0]) if c.occupation else 9 for c in cands), dtype=np.int64, count=n),
        "prev": prev,
        # the housing part reads only: one person (0), or the rooms a family needs, ceil(n / 2)
        "need": np.where(family <= 1, 0, (family + 1) // 2),
        "pref": pref, "no_pref": no_pref,
    }


def _job_arrays(jobs: Sequence[Job], region_of: dict[str, int]) -> dict[str, np.ndarray]:
    nj = len(jobs)
    sub = np.fromiter((int(j.occupation[:2]) for j in jobs), dtype=np.int64, count=nj)
    wage = np.fromiter((j.wage_kzt for j in jobs), dtype=np.int64, count=nj)
    if nj and wage.max() >= MAX_WAGE:
        raise InstanceError("wage_kzt", f"must be below {MAX_WAGE}")
    return {
        "region": np.fromiter((region_of[j.region] for j in jobs), dtype=np.int64, count=nj),
        "sub": sub, "major": sub // 10,
        "wage": wage,
        "housing": np.fromiter((HOUSING_KINDS.index(j.housing) for j in jobs), dtype=np.int64, count=nj),
        "rooms": np.fromiter((j.housing_rooms or 0 for j in jobs), dtype=np.int64, count=nj),
        "places": np.fromiter((j.places for j in jobs), dtype=np.int64, count=nj),
    }


WAGE_LEVELS = ((125, 25), (110, 20), (100, 15), (90, 5))  # wage * 100 >= previous * ratio -> points; else 0


@dataclass
class ClassNetwork:
    """The class network of `build_network`, with what `decode` needs to turn its flow back into pairs."""

    flow: Any  # ortools SimpleMinCostFlow, not yet solved
    n_candidates: int
    member_order: np.ndarray  # candidates sorted by their class
    class_start: np.ndarray  # where each class begins in member_order
    entry_class: np.ndarray  # entry arcs: class -> type node
    entry_node: np.ndarray
    entry_first: int  # the arc index of the first entry arc
    exit_node: np.ndarray  # exit arcs: type node -> job
    exit_job: np.ndarray
    exit_first: int
    arcs: int
    pairs: int  # the feasible (candidate, job) pairs the network stands for


def build_network(instance: Instance, jobs: Sequence[Job]) -> ClassNetwork | None:
    """The min-cost-flow network over classes (labour/README.md, "The model"); None when nothing can match.

    Layers: source → person class (capacity = the people in it) → type node (region, occupation, housing
    need, previous wage; cost −region points) → along the type's wage chain → job (cost −(occupation + housing
    + wage level points), capacity = places) → region (capacity = places) → sink (capacity = quota cap), and a
    bypass source → sink. Everything is built with NumPy; nothing loops over pairs in Python.
    """
    from ortools.graph.python import min_cost_flow

    if not jobs or not instance.candidates:
        return None
    regions = sorted({job.region for job in jobs})
    region_of = {r: i for i, r in enumerate(regions)}
    n_regions = len(regions)
    n = len(instance.candidates)
    c = _candidate_arrays(instance, region_of)
    j = _job_arrays(jobs, region_of)
    nj = len(jobs)

    # 1. person classes: identical (occupation, previous wage, housing need, preferences) score identically
    person_key = np.column_stack([c["sub"], c["major"], c["prev"], c["need"], c["pref"], c["no_pref"]])
    class_rows, class_of, class_size = np.unique(person_key, axis=0, return_inverse=True, return_counts=True)
    class_of = class_of.reshape(-1)
    n_classes = len(class_rows)
    member_order = np.argsort(class_of, kind="stable")
    class_start = np.cumsum(class_size) - class_size

    # 2. entries: a class enters the type node of each region it may go to, at that region's points
    ranks = c["pref"].shape[1]
    e_class, e_region, e_points = [], [], []
    for r in range(ranks):
        named = np.flatnonzero(class_rows[:, 4 + r] >= 0)
        e_class.append(named)
        e_region.append(class_rows[named, 4 + r])
        e_points.append(np.full(len(named), REGION_POINTS[r], dtype=np.int64))
    free = np.flatnonzero(class_rows[:, 4 + ranks] == 1)
    e_class.append(np.repeat(free, n_regions))
    e_region.append(np.tile(np.arange(n_regions, dtype=np.int64), len(free)))
    e_points.append(np.zeros(len(free) * n_regions, dtype=np.int64))
    entry_class = np.concatenate(e_class)
    entry_region = np.concatenate(e_region)
    entry_points = np.concatenate(e_points)
    sub, major, prev, need = (class_rows[entry_class, k] for k in range(4))
    # a type node: (region, major group, sub-major group, housing need, previous wage known, previous wage);
    # np.unique sorts the rows, so the nodes of one chain (all but the wage equal) lie together, by wage
    type_key = np.column_stack([entry_region, major, sub, need, prev > 0, prev])
    nodes, entry_node = np.unique(type_key, axis=0, return_inverse=True)
    entry_node = entry_node.reshape(-1)
    t = len(nodes)
    new_chain = np.ones(t, dtype=bool)
    new_chain[1:] = (nodes[1:, :5] != nodes[:-1, :5]).any(axis=1)
    chain_start = np.flatnonzero(new_chain)
    chain_end = np.append(chain_start[1:], t)  # exclusive
    chain_of = np.cumsum(new_chain) - 1
    g = nodes[chain_start]  # one row per chain
    g_bucket = g[:, 0] * 10 + g[:, 1]

    # 3. exits: each chain crossed with the jobs of its (region, major group) bucket
    j_bucket = j["region"] * 10 + j["major"]
    j_order = np.argsort(j_bucket, kind="stable")
    jb_sorted = j_bucket[j_order]
    jb_start = np.searchsorted(jb_sorted, g_bucket, side="left")
    per_chain = np.searchsorted(jb_sorted, g_bucket, side="right") - jb_start
    x_chain = np.repeat(np.arange(len(chain_start)), per_chain)
    offsets = np.arange(len(x_chain)) - np.repeat(np.cumsum(per_chain) - per_chain, per_chain)
    x_job = j_order[np.repeat(jb_start, per_chain) + offsets]
    x_sub, x_need, x_known = g[x_chain, 2], g[x_chain, 3], g[x_chain, 4] == 1
    occ = np.where(x_sub == j["sub"][x_job], 40, 15)
    housing = j["housing"][x_job]
    house = np.where(x_need == 0, np.where(housing > 0, 15, 0),
                     np.where(housing == FLAT, np.where(j["rooms"][x_job] >= x_need, 20, 10), 0))
    base = occ + house
    x_start, x_last = chain_start[x_chain], chain_end[x_chain] - 1
    # a chain's nodes ordered by (chain, wage): the last node whose previous wage still earns a level
    composite = chain_of * WAGE_KEY + nodes[:, 5]
    wage100 = j["wage"][x_job] * 100
    exit_node, exit_job, exit_score = [], [], []
    taken = np.full(len(x_job), -1, dtype=np.int64)
    for ratio, points in WAGE_LEVELS:
        k = np.searchsorted(composite, x_chain * WAGE_KEY + wage100 // ratio, side="right") - 1
        ok = x_known & (k >= x_start) & (k != taken)  # the same node at a lower level is dominated
        exit_node.append(k[ok])
        exit_job.append(x_job[ok])
        exit_score.append(base[ok] + points)
        taken = np.where(ok, k, taken)
    ok = x_last != taken  # every member reaches the chain's last node: 0 points (10 when no wage is known)
    exit_node.append(x_last[ok])
    exit_job.append(x_job[ok])
    exit_score.append(base[ok] + np.where(x_known[ok], 0, 10))
    e_node = np.concatenate(exit_node)
    e_job = np.concatenate(exit_job)
    e_score = np.concatenate(exit_score)

    # 4. the network: 0 source, 1 sink, classes, type nodes, jobs, regions
    k0 = 2
    # a class with several regions to choose from needs a node (its people go to one of them); a class with one
    # region enters its type node straight from the source
    several = np.flatnonzero(np.bincount(entry_class, minlength=n_classes) > 1)
    class_node = np.zeros(n_classes, dtype=np.int64)  # 0: the source itself
    class_node[several] = k0 + np.arange(len(several))
    t0 = k0 + len(several)
    j0 = t0 + t
    r0 = j0 + nj
    i32, i64 = np.int32, np.int64
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(np.zeros(len(several), dtype=i32), class_node[several].astype(i32),
                                              class_size[several].astype(i64), np.zeros(len(several), dtype=i64))
    entry_first = len(several)
    flow.add_arcs_with_capacity_and_unit_cost(class_node[entry_class].astype(i32), (t0 + entry_node).astype(i32),
                                              class_size[entry_class].astype(i64), -entry_points.astype(i64))
    # tight capacities keep the solver's pushes short: no more can pass a node than entered the chain up to it
    entered = np.bincount(entry_node, weights=class_size[entry_class], minlength=t).astype(i64)
    upto = np.cumsum(entered)
    upto -= np.repeat(upto[chain_start] - entered[chain_start], chain_end - chain_start)
    chain = np.flatnonzero(~new_chain)  # a node whose predecessor (lower wage) is in its chain
    flow.add_arcs_with_capacity_and_unit_cost((t0 + chain - 1).astype(i32), (t0 + chain).astype(i32),
                                              upto[chain - 1], np.zeros(len(chain), dtype=i64))
    exit_first = len(several) + len(entry_class) + len(chain)
    flow.add_arcs_with_capacity_and_unit_cost((t0 + e_node).astype(i32), (j0 + e_job).astype(i32),
                                              np.minimum(j["places"][e_job], upto[e_node]).astype(i64),
                                              -e_score.astype(i64))
    flow.add_arcs_with_capacity_and_unit_cost(np.arange(j0, r0, dtype=i32), (r0 + j["region"]).astype(i32),
                                              j["places"].astype(i64), np.zeros(nj, dtype=i64))
    places_by_region = np.bincount(j["region"], weights=j["places"], minlength=n_regions).astype(i64)
    caps = np.minimum([min(instance.quotas.get(r, n), n) for r in regions], places_by_region).astype(i64)
    flow.add_arcs_with_capacity_and_unit_cost(np.arange(r0, r0 + n_regions, dtype=i32),
                                              np.ones(n_regions, dtype=i32), caps, np.zeros(n_regions, dtype=i64))
    # the bypass: whoever is not placed goes straight from the source to the sink
    flow.add_arc_with_capacity_and_unit_cost(0, 1, n, 0)
    flow.set_node_supply(0, n)
    flow.set_node_supply(1, -n)
    arcs = len(several) + len(entry_class) + len(chain) + len(e_node) + nj + n_regions + 1
    # each person of an entry could take any vacancy of the entry's (region, major group) bucket
    bucket_jobs = np.searchsorted(jb_sorted, entry_region * 10 + major, side="right") - np.searchsorted(
        jb_sorted, entry_region * 10 + major, side="left")
    pairs = int((class_size[entry_class] * bucket_jobs).sum())
    return ClassNetwork(flow=flow, n_candidates=n, member_order=member_order, class_start=class_start,
                        entry_class=entry_class, entry_node=entry_node, entry_first=entry_first, exit_node=e_node,
                        exit_job=e_job, exit_first=exit_first, arcs=arcs, pairs=pairs)


def decode(net: ClassNetwork) -> tuple[np.ndarray, np.ndarray]:
    """(candidate index, job index) of every assigned pair, read off the solved network's flow.

    A class's flow into type nodes is given to its members in order. Within a chain, people enter at their
    own node and leave by exits at the same or a later node (a higher previous wage), where every earlier
    entrant earns at least the exit's wage points. Conservation keeps, at every node of a chain, the people
    entered so far at least as many as the exits so far, and equal at the chain's end; so pairing the i-th
    entrant with the i-th exit, both in node order, gives each exit someone who entered at or before it.
    """
    flow = net.flow
    i32 = np.int32
    e_flow = np.asarray(flow.flows(np.arange(net.entry_first, net.entry_first + len(net.entry_class), dtype=i32)))
    x_flow = np.asarray(flow.flows(np.arange(net.exit_first, net.exit_first + len(net.exit_node), dtype=i32)))
    used = np.flatnonzero(e_flow > 0)
    by_class = used[np.argsort(net.entry_class[used], kind="stable")]
    units = np.repeat(by_class, e_flow[by_class])  # one row per person entering, grouped by class
    unit_class = net.entry_class[units]
    run_start = np.flatnonzero(np.r_[True, unit_class[1:] != unit_class[:-1]]) if len(units) else units
    position = np.arange(len(units)) - np.repeat(run_start, np.diff(np.r_[run_start, len(units)]))
    person = net.member_order[net.class_start[unit_class] + position]
    node = net.entry_node[units]
    in_order = np.argsort(node, kind="stable")
    person = person[in_order]
    out = np.flatnonzero(x_flow > 0)
    out = out[np.argsort(net.exit_node[out], kind="stable")]
    job = np.repeat(net.exit_job[out], x_flow[out])
    if len(job) != len(person):
        raise RuntimeError("the flow into the chains does not equal the flow out of them")
    return person, job


def solve_arrays(instance: Instance, jobs: Sequence[Job],
                 timings: dict[str, float] | None = None) -> tuple[np.ndarray, np.ndarray, int, int, int]:
    """(candidate index, job index, objective, feasible pairs, network arcs) of an optimal assignment, on the
    class network;
    `timings`, when given, receives the seconds of each phase (network, flow, decode)."""
    clock = time.perf_counter()
    times = timings if timings is not None else {}
    net = build_network(instance, jobs)
    times["network_s"] = time.perf_counter() - clock
    empty = np.zeros(0, dtype=np.int64)
    if net is None:
        return empty, empty, 0, 0, 0
    clock = time.perf_counter()
    status = net.flow.solve()
    times["flow_s"] = time.perf_counter() - clock
    if status != net.flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    clock = time.perf_counter()
    person, job = decode(net)
    times["decode_s"] = time.perf_counter() - clock
    return person, job, -int(net.flow.optimal_cost()), net.pairs, net.arcs


def solve(instance: Instance, timings: dict[str, float] | None = None) -> Result:
    """The assignment of candidates to jobs with the greatest total score (see the module's docstring), solved
    on the class network (`build_network`). Matching runs, `manage.py match` and the benchmark all call this;
    `timings`, when given, receives the seconds of each phase."""
    jobs, excluded = usable_jobs(instance)
    person, job, objective, pairs, arcs = solve_arrays(instance, jobs, timings)
    clock = time.perf_counter()
    proposals = []
    for c, j in zip(person.tolist(), job.tolist(), strict=True):
        candidate, target = instance.candidates[c], jobs[j]
        parts = score_parts(candidate, target)
        if parts is None:
            raise RuntimeError(f"the flow proposed an infeasible pair {candidate.key} → {target.key}")
        proposals.append(Proposal(candidate=candidate.key, job=target.key, region=target.region,
                                  score=sum(parts.values()), parts=parts))
    if sum(p.score for p in proposals) != objective:
        raise RuntimeError("the decoded assignment does not reach the flow's optimum")
    proposals.sort(key=lambda p: (p.job, p.candidate))
    if timings is not None:
        timings["proposals_s"] = time.perf_counter() - clock
    return Result(proposals=tuple(proposals), objective=objective, arcs=pairs, excluded_jobs=tuple(excluded),
                  network_arcs=arcs)


def solve_plain(instance: Instance) -> Result:
    """The same optimum on the plain network, one arc per feasible pair: the reference the tests and the
    benchmark compare `solve` with (it needs memory and time in proportion to the feasible pairs)."""
    jobs, excluded, cand, job, score = feasible_arcs(instance)
    if len(cand) == 0:
        return Result(proposals=(), objective=0, arcs=0, excluded_jobs=tuple(excluded))
    chosen, objective = solve_arcs(len(instance.candidates), jobs, instance.quotas, cand, job, score)
    proposals = []
    for a in chosen.tolist():
        person, target = instance.candidates[int(cand[a])], jobs[int(job[a])]
        parts = score_parts(person, target) or {}
        proposals.append(Proposal(candidate=person.key, job=target.key, region=target.region,
                                  score=sum(parts.values()), parts=parts))
    proposals.sort(key=lambda p: (p.job, p.candidate))
    return Result(proposals=tuple(proposals), objective=objective, arcs=len(cand), excluded_jobs=tuple(excluded),
                  network_arcs=len(cand) + len(instance.candidates) + len(jobs) + len(set(j.region for j in jobs)) + 1)


def all_arcs(instance: Instance) -> list[dict[str, Any]]:
    """Every feasible pair with its score's parts (for `match --arcs`)."""
    jobs, _excluded, cand, job, _score = feasible_arcs(instance)
    out = []
    for c, j in zip(cand.tolist(), job.tolist(), strict=True):
        parts = score_parts(instance.candidates[c], jobs[j]) or {}
        out.append({"person": instance.candidates[c].key, "vacancy": jobs[j].key, "score": sum(parts.values()),
                    "parts": parts})
    return out


# --- instance files ------------------------------------------------------------------------------------------

def _str(value: Any, where: str, *, required: bool = True) -> str | None:
    if value is None or value == "":
        if required:
            raise InstanceError(where, "is required")
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise InstanceError(where, "must be a string")
    return str(value).strip()


def _int(value: Any, where: str, *, minimum: int = 0, maximum: int | None = None,
         required: bool = True) -> int | None:
    if value is None:
        if required:
            raise InstanceError(where, "is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(where, "must be a whole number")
    if value < minimum:
        raise InstanceError(where, f"must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise InstanceError(where, f"must be at most {maximum}")
    return value


def _occupation(value: Any, where: str, *, required: bool) -> str | None:
    code = _str(value, where, required=required)
    if code is not None and (not code.isdecimal() or not 1 <= len(code) <= 4):
        raise InstanceError(where, "must be an ISCO-08 code of 1 to 4 digits, such as '72' or '7212'")
    if code is not None and len(code) == 1 and required:
        raise InstanceError(where, "a vacancy needs at least a sub-major group (two digits)")
    return code


def _regions(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InstanceError(where, "must be a list of region codes")
    return tuple(_str(v, f"{where}[{i}]") or "" for i, v in enumerate(value))


def parse_instance(data: Any) -> Instance:
    """Read an instance (the JSON format of labour/README.md); InstanceError names the bad field."""
    if not isinstance(data, dict):
        raise InstanceError("(file)", "must be a JSON object with 'persons' and 'vacancies'")
    unknown = set(data) - {"date", "persons", "vacancies", "quotas", "receiving_regions"}
    if unknown:
        raise InstanceError(sorted(unknown)[0], "is not a field of an instance")
    persons = data.get("persons")
    if not isinstance(persons, list):
        raise InstanceError("persons", "must be a list")
    vacancies = data.get("vacancies")
    if not isinstance(vacancies, list):
        raise InstanceError("vacancies", "must be a list")
    candidates = []
    seen: set[str] = set()
    for i, p in enumerate(persons):
        where = f"persons[{i}]"
        if not isinstance(p, dict):
            raise InstanceError(where, "must be an object")
        key = _str(p.get("id"), f"{where}.id") or ""
        if key in seen:
            raise InstanceError(f"{where}.id", f"repeats the id {key!r}")
        seen.add(key)
        candidates.append(Candidate(
            key=key, occupation=_occupation(p.get("occupation"), f"{where}.occupation", required=False),
            previous_wage_kzt=_int(p.get("previous_wage_kzt"), f"{where}.previous_wage_kzt", minimum=1,
                                   maximum=MAX_WAGE - 1, required=False),
            family_size=_int(p.get("family_size", 1), f"{where}.family_size", minimum=1) or 1,
            preferred_regions=_regions(p.get("preferred_regions"), f"{where}.preferred_regions"),
            source=_str(p.get("source", "job_seeker"), f"{where}.source") or "job_seeker"))
    jobs = []
    seen = set()
    for i, v in enumerate(vacancies):
        where = f"vacancies[{i}]"
        if not isinstance(v, dict):
            raise InstanceError(where, "must be an object")
        key = _str(v.get("id"), f"{where}.id") or ""
        if key in seen:
            raise InstanceError(f"{where}.id", f"repeats the id {key!r}")
        seen.add(key)
        housing = _str(v.get("housing", "none"), f"{where}.housing") or "none"
        if housing not in HOUSING_KINDS:
            raise InstanceError(f"{where}.housing", f"must be one of {', '.join(HOUSING_KINDS)}")
        jobs.append(Job(
            key=key, region=_str(v.get("region"), f"{where}.region") or "",
            occupation=_occupation(v.get("occupation"), f"{where}.occupation", required=True) or "",
            places=_int(v.get("places"), f"{where}.places", minimum=0) or 0,
            wage_kzt=_int(v.get("wage_kzt"), f"{where}.wage_kzt", minimum=1, maximum=MAX_WAGE - 1) or 0, housing=housing,
            housing_rooms=_int(v.get("housing_rooms"), f"{where}.housing_rooms", minimum=1, required=False)))
    quotas_in = data.get("quotas", {})
    if not isinstance(quotas_in, dict):
        raise InstanceError("quotas", "must be an object mapping a region code to its free places")
    quotas = {str(k): _int(v, f"quotas.{k}", minimum=0) or 0 for k, v in quotas_in.items()}
    receiving = data.get("receiving_regions")
    receiving_set = frozenset(_regions(receiving, "receiving_regions")) if receiving is not None else None
    return Instance(candidates=tuple(candidates), jobs=tuple(jobs), receiving_regions=receiving_set,
                    quotas=quotas)


def brute_force(instance: Instance) -> int:
    """The best total score by trying every assignment (for tests on tiny instances only)."""
    jobs, _ex = usable_jobs(instance)
    options: list[list[tuple[int, int]]] = []
    for cand in instance.candidates:
        row = [(-1, 0)]
        for j, job in enumerate(jobs):
            parts = score_parts(cand, job)
            if parts is not None:
                row.append((j, sum(parts.values())))
        options.append(row)
    best = 0

    def walk(i: int, used: list[int], by_region: dict[str, int], total: int) -> None:
        nonlocal best
        if i == len(options):
            best = max(best, total)
            return
        for j, s in options[i]:
            if j < 0:
                walk(i + 1, used, by_region, total)
                continue
            region = jobs[j].region
            if used[j] >= jobs[j].places or by_region.get(region, 0) >= instance.quotas.get(region, 10**9):
                continue
            used[j] += 1
            by_region[region] = by_region.get(region, 0) + 1
            walk(i + 1, used, by_region, total + s)
            used[j] -= 1
            by_region[region] -= 1

    walk(0, [0] * len(jobs), {}, 0)
    return best


def check_feasible(instance: Instance, result: Result) -> list[str]:
    """What in `result` breaks the instance's rules (an empty list when it is feasible)."""
    problems = []
    jobs = {j.key: j for j in instance.jobs}
    per_job: dict[str, int] = {}
    per_region: dict[str, int] = {}
    people: set[str] = set()
    for p in result.proposals:
        job = jobs[p.job]
        if p.candidate in people:
            problems.append(f"{p.candidate} assigned twice")
        people.add(p.candidate)
        per_job[p.job] = per_job.get(p.job, 0) + 1
        per_region[job.region] = per_region.get(job.region, 0) + 1
        if instance.receiving_regions is not None and job.region not in instance.receiving_regions:
            problems.append(f"{p.job} is in {job.region}, not a receiving region")
    for key, n in per_job.items():
        if n > jobs[key].places:
            problems.append(f"{key} gets {n} > {jobs[key].places} places")
    for region, n in per_region.items():
        if n > instance.quotas.get(region, 10**9):
            problems.append(f"{region} gets {n} > quota {instance.quotas[region]}")
    return problems


def candidates_from(rows: Iterable[dict[str, Any]]) -> list[Candidate]:
    """Candidates from plain dicts (the relocation provider hook returns such rows; see labour/README.md)."""
    out = []
    for row in rows:
        out.append(Candidate(key=str(row["key"]), occupation=row.get("occupation") or None,
                             previous_wage_kzt=row.get("previous_wage_kzt") or None,
                             family_size=int(row.get("family_size") or 1),
                             preferred_regions=tuple(row.get("preferred_regions") or ()),
                             source=str(row.get("source") or "provider")))
    return out
