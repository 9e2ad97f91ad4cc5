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

Network: source → candidate (capacity 1) → job (capacity 1, cost −score) → region (capacity = the job's
free places) → sink (capacity = the region's cap, or unbounded), plus a bypass source → sink at cost 0 so
that leaving a candidate unassigned is allowed; the source supplies every candidate. The job and region
capacities are nested (a job lies in one region), so the constraint matrix is a network matrix and the
integral min-cost flow is the exact optimum of the integer problem. `solve` solves that plain network (one arc
per feasible pair); `solve_compacted` solves the same problem on the smaller network of `solve_compact`, which
chains candidates who differ only in their previous wage, and reaches the same optimum (more slowly, measured).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

HOUSING_KINDS = ("none", "dormitory", "service_flat")
REGION_POINTS = (20, 12, 6)


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
    arcs: int
    excluded_jobs: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"objective": self.objective, "assigned": len(self.proposals), "arcs": self.arcs,
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

    Vectorised with NumPy: jobs are bucketed by (region, occupation major group); for each preference rank the
    candidates who name that region are crossed with the bucket's jobs, so the work grows with the number of
    feasible pairs, not with candidates × jobs. `score_parts` computes the same score one pair at a time (the
    tests check one against the other through the brute force).
    """
    jobs, excluded = usable_jobs(instance)
    empty = np.zeros(0, dtype=np.int64)
    if not jobs or not instance.candidates:
        return jobs, excluded, empty, empty, empty
    regions = sorted({job.region for job in jobs})
    region_of = {r: i for i, r in enumerate(regions)}
    n_regions = len(regions)
    j_region = np.fromiter((region_of[j.region] for j in jobs), dtype=np.int64, count=len(jobs))
    j_sub = np.fromiter((int(j.occupation[:2]) for j in jobs), dtype=np.int64, count=len(jobs))
    j_major = j_sub // 10
    j_wage = np.fromiter((j.wage_kzt for j in jobs), dtype=np.int64, count=len(jobs))
    j_housing = np.fromiter((HOUSING_KINDS.index(j.housing) for j in jobs), dtype=np.int64, count=len(jobs))
    j_rooms = np.fromiter((j.housing_rooms or 0 for j in jobs), dtype=np.int64, count=len(jobs))

    cands = instance.candidates
    n = len(cands)
    # sub-major group (two digits); -2 when only the major group is known, -1 when the occupation is unknown
    c_sub = np.fromiter((int(c.occupation[:2]) if c.occupation and len(c.occupation) >= 2 else
                         (-2 if c.occupation else -1) for c in cands), dtype=np.int64, count=n)
    c_major = np.fromiter((int(c.occupation[0]) if c.occupation else 9 for c in cands), dtype=np.int64, count=n)
    c_prev = np.fromiter((c.previous_wage_kzt or 0 for c in cands), dtype=np.int64, count=n)
    c_family = np.fromiter((c.family_size for c in cands), dtype=np.int64, count=n)
    ranks = len(REGION_POINTS)
    c_pref = np.full((n, ranks), -1, dtype=np.int64)
    no_pref = np.zeros(n, dtype=bool)
    for i, c in enumerate(cands):
        if not c.preferred_regions:
            no_pref[i] = True
            continue
        seen: set[str] = set()
        for r, code in enumerate(c.preferred_regions[:ranks]):
            if code not in seen:
                seen.add(code)
                c_pref[i, r] = region_of.get(code, -1)

    # jobs grouped by bucket = region * 10 + major
    j_bucket = j_region * 10 + j_major
    order = np.argsort(j_bucket, kind="stable")
    bucket_sorted = j_bucket[order]
    starts = np.searchsorted(bucket_sorted, np.arange(n_regions * 10), side="left")
    ends = np.searchsorted(bucket_sorted, np.arange(n_regions * 10), side="right")

    pieces_c: list[np.ndarray] = []
    pieces_j: list[np.ndarray] = []
    pieces_r: list[np.ndarray] = []
    # (candidate, region, region points) for every preference, and every region for those who stated none
    pair_c = [np.nonzero(c_pref[:, r] >= 0)[0] for r in range(ranks)]
    pair_region = [c_pref[pc, r] for r, pc in enumerate(pair_c)]
    pair_points = [np.full(len(pc), REGION_POINTS[r], dtype=np.int64) for r, pc in enumerate(pair_c)]
    free = np.nonzero(no_pref)[0]
    if len(free):
        pair_c.append(np.repeat(free, n_regions))
        pair_region.append(np.tile(np.arange(n_regions, dtype=np.int64), len(free)))
        pair_points.append(np.zeros(len(free) * n_regions, dtype=np.int64))
    all_c = np.concatenate(pair_c)
    all_bucket = np.concatenate(pair_region) * 10 + c_major[all_c]
    all_points = np.concatenate(pair_points)
    by_bucket = np.argsort(all_bucket, kind="stable")
    all_c, all_bucket, all_points = all_c[by_bucket], all_bucket[by_bucket], all_points[by_bucket]
    bounds = np.flatnonzero(np.diff(all_bucket)) + 1
    for group in np.split(np.arange(len(all_c)), bounds):
        if not len(group):
            continue
        b = int(all_bucket[group[0]])
        js = order[starts[b]:ends[b]]
        if not len(js):
            continue
        pieces_c.append(np.repeat(all_c[group], len(js)))
        pieces_j.append(np.tile(js, len(group)))
        pieces_r.append(np.repeat(all_points[group], len(js)))
    if not pieces_c:
        return jobs, excluded, empty, empty, empty
    cand = np.concatenate(pieces_c)
    job = np.concatenate(pieces_j)
    region_pts = np.concatenate(pieces_r)
    del pieces_c, pieces_j, pieces_r
    # a candidate with no occupation fits only elementary occupations (major group 9)
    unknown = c_sub[cand] == -1
    keep = ~unknown | (j_major[job] == 9)
    if not keep.all():
        cand, job, region_pts, unknown = cand[keep], job[keep], region_pts[keep], unknown[keep]
    occ = np.where(unknown, 15, np.where(c_sub[cand] == j_sub[job], 40, 15))
    prev = c_prev[cand]
    wage = j_wage[job]
    wage_pts = np.select(
        [prev == 0, wage * 100 >= prev * 125, wage * 100 >= prev * 110, wage >= prev, wage * 100 >= prev * 90],
        [10, 25, 20, 15, 5], default=0)
    fam = c_family[cand]
    housing = j_housing[job]
    flat = housing == HOUSING_KINDS.index("service_flat")
    housing_pts = np.where(fam <= 1, np.where(housing > 0, 15, 0),
                           np.where(flat, np.where(j_rooms[job] >= (fam + 1) // 2, 20, 10), 0))
    score = occ + wage_pts + housing_pts + region_pts
    return jobs, excluded, cand, job, score.astype(np.int64)


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
    return {
        # sub-major group (two digits); -2 when only the major group is known, -1 when the occupation is unknown
        "sub": np.fromiter((int(c.occupation[:2]) if c.occupation and len(c.occupation) >= 2 else
                            (-2 if c.occupation else -1) for c in cands), dtype=np.int64, count=n),
        "major": np.fromiter((int(c.occupation[0]) if c.occupation else 9 for c in cands), dtype=np.int64, count=n),
        "prev": np.fromiter((c.previous_wage_kzt or 0 for c in cands), dtype=np.int64, count=n),
        "family": np.fromiter((c.family_size for c in cands), dtype=np.int64, count=n),
        "pref": pref, "no_pref": no_pref,
    }


def _pairs(c: dict[str, np.ndarray], n_regions: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(candidate, region, region points) for every stated preference, and every region for those who stated none."""
    pref = c["pref"]
    cand = [np.nonzero(pref[:, r] >= 0)[0] for r in range(pref.shape[1])]
    region = [pref[pc, r] for r, pc in enumerate(cand)]
    points = [np.full(len(pc), REGION_POINTS[r], dtype=np.int64) for r, pc in enumerate(cand)]
    free = np.nonzero(c["no_pref"])[0]
    if len(free):
        cand.append(np.repeat(free, n_regions))
        region.append(np.tile(np.arange(n_regions, dtype=np.int64), len(free)))
        points.append(np.zeros(len(free) * n_regions, dtype=np.int64))
    return np.concatenate(cand), np.concatenate(region), np.concatenate(points)


WAGE_LEVELS = ((125, 25), (110, 20), (100, 15), (90, 5), (0, 0))  # wage * 100 >= previous * ratio -> points


def solve_compact(instance: Instance) -> tuple[list[tuple[int, int]], int, int]:
    """The exact optimum on a smaller network; returns ([(candidate, job)], objective, arcs).

    Candidates who share everything the score reads except their previous wage — the bucket (region, major
    group), region points, sub-major group, family class and whether a previous wage is known — form a group,
    sorted by previous wage. The group is a chain: each member enters its own node, and flow moves along the
    chain towards higher previous wages. A job is reached from the chain at most once per wage level (25, 20,
    15, 5, 0 points), from the last member whose previous wage earns that level, at the cost of that level:
    every member before that node earns at least that much. Every assignment is a flow of the same cost, and
    every flow decodes into an assignment scoring at least as much, so the optimum is the same; the decoded
    assignment is optimal. Feasible arcs shrink by the group sizes.
    """
    from ortools.graph.python import min_cost_flow

    jobs, _excluded = usable_jobs(instance)
    if not jobs or not instance.candidates:
        return [], 0, 0
    regions = sorted({job.region for job in jobs})
    region_of = {r: i for i, r in enumerate(regions)}
    n_regions = len(regions)
    n = len(instance.candidates)
    nj = len(jobs)
    j_region = np.fromiter((region_of[j.region] for j in jobs), dtype=np.int64, count=nj)
    j_sub = np.fromiter((int(j.occupation[:2]) for j in jobs), dtype=np.int64, count=nj)
    j_major = j_sub // 10
    j_wage = np.fromiter((j.wage_kzt for j in jobs), dtype=np.int64, count=nj)
    j_housing = np.fromiter((HOUSING_KINDS.index(j.housing) for j in jobs), dtype=np.int64, count=nj)
    j_rooms = np.fromiter((j.housing_rooms or 0 for j in jobs), dtype=np.int64, count=nj)
    j_places = np.fromiter((j.places for j in jobs), dtype=np.int64, count=nj)
    c = _candidate_arrays(instance, region_of)

    pair_c, pair_region, pair_points = _pairs(c, n_regions)
    bucket = pair_region * 10 + c["major"][pair_c]
    sub = c["sub"][pair_c]
    family = c["family"][pair_c]
    famkey = np.where(family <= 1, 0, (family + 1) // 2)
    prev = c["prev"][pair_c]
    known = prev > 0
    order = np.lexsort((prev, known, famkey, sub, pair_points, bucket))
    pair_c, bucket, sub, famkey, prev, known, pair_points = (
        a[order] for a in (pair_c, bucket, sub, famkey, prev, known, pair_points))
    m = len(pair_c)
    new_group = np.ones(m, dtype=bool)
    if m > 1:
        new_group[1:] = ((bucket[1:] != bucket[:-1]) | (pair_points[1:] != pair_points[:-1]) | (sub[1:] != sub[:-1])
                         | (famkey[1:] != famkey[:-1]) | (known[1:] != known[:-1]))
    group_start = np.flatnonzero(new_group)
    group_end = np.append(group_start[1:], m)  # exclusive
    group_of = np.cumsum(new_group) - 1
    n_groups = len(group_start)
    g_bucket = bucket[group_start]

    # jobs by bucket
    j_bucket = j_region * 10 + j_major
    j_order = np.argsort(j_bucket, kind="stable")
    jb_sorted = j_bucket[j_order]
    jb_start = np.searchsorted(jb_sorted, g_bucket, side="left")
    jb_end = np.searchsorted(jb_sorted, g_bucket, side="right")
    per_group = jb_end - jb_start
    g_idx = np.repeat(np.arange(n_groups), per_group)
    offsets = np.arange(len(g_idx)) - np.repeat(np.cumsum(per_group) - per_group, per_group)
    x_job = j_order[np.repeat(jb_start, per_group) + offsets]  # (group, job) crossings
    x_start = group_start[g_idx]
    x_end = group_end[g_idx]
    first = x_start  # pair index of the group's first member
    g_sub = sub[first]
    g_fam = famkey[first]
    g_known = known[first]
    g_points = pair_points[first]
    keep = (g_sub != -1) | (j_major[x_job] == 9)
    g_idx, x_job, x_start, x_end, g_sub, g_fam, g_known, g_points = (
        a[keep] for a in (g_idx, x_job, x_start, x_end, g_sub, g_fam, g_known, g_points))
    occ = np.where(g_sub == -1, 15, np.where(g_sub == j_sub[x_job], 40, 15))
    housing = j_housing[x_job]
    flat = housing == HOUSING_KINDS.index("service_flat")
    house = np.where(g_fam == 0, np.where(housing > 0, 15, 0), np.where(flat, np.where(j_rooms[x_job] >= g_fam, 20, 10), 0))
    base = occ + house + g_points
    # composite key: a group's members sorted by previous wage, groups one after another
    composite = group_of.astype(np.int64) * (1 << 40) + prev
    exit_node: list[np.ndarray] = []
    exit_job: list[np.ndarray] = []
    exit_score: list[np.ndarray] = []
    wage100 = j_wage[x_job] * 100
    last_taken = np.full(len(x_job), -1, dtype=np.int64)
    for ratio, points in WAGE_LEVELS:
        if ratio:
            limit = wage100 // ratio
            k = np.searchsorted(composite, g_idx.astype(np.int64) * (1 << 40) + limit, side="right") - 1
            ok = g_known & (k >= x_start)
            pts = np.full(len(x_job), points)
        else:
            k = x_end - 1
            ok = np.ones(len(x_job), dtype=bool)
            pts = np.where(g_known, 0, 10)
        ok &= k != last_taken  # the same node at a lower level is dominated
        exit_node.append(k[ok])
        exit_job.append(x_job[ok])
        exit_score.append(base[ok] + pts[ok])
        last_taken = np.where(ok, k, last_taken)
    e_node = np.concatenate(exit_node)
    e_job = np.concatenate(exit_job)
    e_score = np.concatenate(exit_score)

    # nodes: 0 source, 1 sink, candidates, chain nodes (one per pair), jobs, regions
    c0, p0 = 2, 2 + n
    j0 = p0 + m
    r0 = j0 + nj
    flow = min_cost_flow.SimpleMinCostFlow()
    i32 = np.int32
    flow.add_arcs_with_capacity_and_unit_cost(np.zeros(n, dtype=i32), np.arange(c0, p0, dtype=i32),
                                              np.ones(n, dtype=np.int64), np.zeros(n, dtype=np.int64))
    entry_first = n
    flow.add_arcs_with_capacity_and_unit_cost((c0 + pair_c).astype(i32), np.arange(p0, j0, dtype=i32),
                                              np.ones(m, dtype=np.int64), np.zeros(m, dtype=np.int64))
    chain = np.flatnonzero(~new_group)  # a member whose predecessor is in its group
    # at most the members before a node can pass it: the tight capacity keeps the solver's pushes short
    flow.add_arcs_with_capacity_and_unit_cost((p0 + chain - 1).astype(i32), (p0 + chain).astype(i32),
                                              (chain - group_start[group_of[chain]]).astype(np.int64),
                                              np.zeros(len(chain), dtype=np.int64))
    exit_first = n + m + len(chain)
    flow.add_arcs_with_capacity_and_unit_cost((p0 + e_node).astype(i32), (j0 + e_job).astype(i32),
                                              j_places[e_job], -e_score.astype(np.int64))
    caps = np.asarray([min(instance.quotas.get(r, n), n) for r in regions], dtype=np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(np.arange(j0, r0, dtype=i32), (r0 + j_region).astype(i32), j_places,
                                              np.zeros(nj, dtype=np.int64))
    flow.add_arcs_with_capacity_and_unit_cost(np.arange(r0, r0 + n_regions, dtype=i32), np.ones(n_regions, dtype=i32),
                                              caps, np.zeros(n_regions, dtype=np.int64))
    flow.add_arc_with_capacity_and_unit_cost(0, 1, n, 0)
    flow.set_node_supply(0, n)
    flow.set_node_supply(1, -n)
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("min-cost flow did not reach the optimum")
    objective = -int(flow.optimal_cost())
    entered = np.asarray(flow.flows(np.arange(entry_first, entry_first + m, dtype=i32))) > 0
    exits = np.asarray(flow.flows(np.arange(exit_first, exit_first + len(e_node), dtype=i32)))
    used = np.flatnonzero(exits > 0)
    # decode: walk each group's chain; members present at a node may leave by any of its exits
    by_node: dict[int, list[tuple[int, int]]] = {}
    for e in used.tolist():
        by_node.setdefault(int(e_node[e]), []).append((int(e_job[e]), int(exits[e])))
    pairs: list[tuple[int, int]] = []
    present: list[int] = []
    active_group = -1
    for node in np.flatnonzero(entered | np.isin(np.arange(m), e_node[used])).tolist():
        if group_of[node] != active_group:
            present = []
            active_group = group_of[node]
        if entered[node]:
            present.append(int(pair_c[node]))
        for job_index, count in by_node.get(node, ()):
            for _ in range(count):
                pairs.append((present.pop(), job_index))
    return pairs, objective, m + len(chain) + len(e_node)


def solve(instance: Instance) -> Result:
    """The assignment of candidates to jobs with the greatest total score (see the module's docstring), on the
    plain network (one arc per feasible pair): OR-Tools solves it faster than the compact network's long chains
    at the sizes measured (labour/README.md)."""
    jobs, excluded, cand, job, score = feasible_arcs(instance)
    if len(cand) == 0:
        return Result(proposals=(), objective=0, arcs=0, excluded_jobs=tuple(excluded))
    chosen, objective = solve_arcs(len(instance.candidates), jobs, instance.quotas, cand, job, score)
    proposals = []
    for a in chosen:
        person = instance.candidates[int(cand[a])]
        target = jobs[int(job[a])]
        parts = score_parts(person, target) or {}
        proposals.append(Proposal(candidate=person.key, job=target.key, region=target.region,
                                  score=sum(parts.values()), parts=parts))
    proposals.sort(key=lambda p: (p.job, p.candidate))
    return Result(proposals=tuple(proposals), objective=objective, arcs=len(cand), excluded_jobs=tuple(excluded))


def solve_compacted(instance: Instance) -> Result:
    """The same optimum on the compact network of `solve_compact`; `arcs` counts that network's arcs."""
    jobs, excluded = usable_jobs(instance)
    pairs, _flow_objective, arcs = solve_compact(instance)
    proposals = []
    for c, j in pairs:
        person = instance.candidates[c]
        target = jobs[j]
        parts = score_parts(person, target) or {}
        proposals.append(Proposal(candidate=person.key, job=target.key, region=target.region,
                                  score=sum(parts.values()), parts=parts))
    proposals.sort(key=lambda p: (p.job, p.candidate))
    return Result(proposals=tuple(proposals), objective=sum(p.score for p in proposals), arcs=arcs,
                  excluded_jobs=tuple(excluded))


solve_direct = solve


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


def _int(value: Any, where: str, *, minimum: int = 0, required: bool = True) -> int | None:
    if value is None:
        if required:
            raise InstanceError(where, "is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(where, "must be a whole number")
    if value < minimum:
        raise InstanceError(where, f"must be at least {minimum}")
    return value


def _occupation(value: Any, where: str, *, required: bool) -> str | None:
    code = _str(value, where, required=required)
    if code is not None and (not code.isdigit() or not 1 <= len(code) <= 4):
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
                                   required=False),
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
            wage_kzt=_int(v.get("wage_kzt"), f"{where}.wage_kzt", minimum=1) or 0, housing=housing,
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
