"""Writing the world: chunks built in parallel worker processes, each written to its
own part files, then concatenated in chunk order — the same bytes for the same seed
whatever the number of workers, with memory bounded by one chunk per worker."""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

from consentmart.contract import RAW_TABLES
from consentmart.generator import increment, world
from consentmart.generator.faults import Faults, global_faults
from consentmart.generator.stories import Writer

TRUTH_FILES: dict[str, tuple[str, ...]] = {
    "source_records": ("source_system", "source_customer_id", "person_index", "expected_cluster"),
    "review_pairs": ("cluster", "candidate", "reason"),
    "consent_status": ("cluster", "purpose", "channel", "status", "basis_event", "evidence_status",
                       "expires_at", "is_perpetual"),
    "audience": ("cluster", "channel", "contact_point"),
    "communications": ("communication_id", "verdict", "recorded_after_send", "owners"),
    "revocation_requests": ("request_id", "cluster", "status", "deadline_at", "completed_at"),
    "propagation_checks": ("system", "snapshot_at", "channel", "contact_point", "owners", "mismatch"),
    "retention": ("cluster", "status", "retain_until", "destroy_deadline"),
    "regulator_requests": ("request_id", "status", "verdict", "owners", "deadline_at"),
    "violations": ("violation_type", "key", "details"),
    "data_quality": ("source_table", "source_key", "reason", "disposition"),
    "redeliveries": ("source_table", "source_key"),
    "stories": ("person_index", "cluster", "story"),
}
# Faults per chunk: each kind appears in a chunk with this probability per thousand people.
FAULT_RATE_PER_THOUSAND = 0.5
CHUNK_DAYS = 400
INCREMENT_TABLES = ("consent_events", "consent_documents", "revocation_requests", "downstream_contact_lists",
                    "communications")


def _write_part(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _write_writer(out: Writer, folder: Path) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in out.raw.items():
        _write_part(folder / f"{table}.csv", rows)
    for name, rows in out.truth.items():
        _write_part(folder / f"truth-{name}.csv", rows)
    return {table: len(rows) for table, rows in out.raw.items()}


def _chunk_job(plan: world.Plan, number: int, parts: Path, day: int) -> dict[str, int]:
    if day:
        return _write_writer(increment.build_day(plan, number, day), world.chunk_output_dir(parts, number))
    out = world.build_chunk(plan, number)
    people_in_chunk = sum(len(plan.people_of_day(d)) for d in range(
        number * plan.chunk_days, min((number + 1) * plan.chunk_days, world.BIRTH_DAYS)))
    faults = Faults(out, random.Random(f"{plan.seed}:{number}:faults"), plan.as_of, f"{number:04d}")
    faults.apply(min(1.0, people_in_chunk * FAULT_RATE_PER_THOUSAND / 1000), always=number == 0)
    return _write_writer(out, world.chunk_output_dir(parts, number))


def _concatenate(target: Path, header: tuple[str, ...], sources: list[Path]) -> None:
    with target.open("wb") as sink:
        sink.write((",".join(header) + "\n").encode("utf-8"))
        for source in sources:
            if source.exists():
                with source.open("rb") as part:
                    shutil.copyfileobj(part, sink, 1 << 20)


def generate(out_dir: Path, customers: int, seed: int = 1, as_of: datetime | None = None,
             workers: int | None = None, day: int = 0) -> dict:
    """Write DIR/<table>.csv for every raw table and DIR/truth/*.csv; returns the manifest.
    With `day` K > 0, write instead the K-th day after as_of of the same world (the
    tables that day adds to, for `consentmart load --append`), without truth."""
    plan = world.Plan(seed, customers, as_of or world.catalog.DEFAULT_AS_OF, CHUNK_DAYS)
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = out_dir / ".parts"
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir()
    shared = Writer()
    if not day:
        world.write_global(plan, shared)
        global_faults(shared)
    _write_writer(shared, parts / "global")
    workers = workers or min(os.cpu_count() or 1, plan.chunks)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_chunk_job, [plan] * plan.chunks, range(plan.chunks), [parts] * plan.chunks,
                      [day] * plan.chunks))
    folders = [parts / "global"] + [world.chunk_output_dir(parts, n) for n in range(plan.chunks)]
    counts = {}
    tables = INCREMENT_TABLES if day else tuple(RAW_TABLES)
    for table in tables:
        _concatenate(out_dir / f"{table}.csv", RAW_TABLES[table], [f / f"{table}.csv" for f in folders])
        counts[table] = _count_rows(out_dir / f"{table}.csv")
    if day:
        shutil.rmtree(parts)
        return {"seed": seed, "customers": customers, "day": day, "rows": counts}
    truth = out_dir / "truth"
    truth.mkdir(exist_ok=True)
    for name, columns in TRUTH_FILES.items():
        _concatenate(truth / f"{name}.csv", columns, [f / f"truth-{name}.csv" for f in folders])
    shutil.rmtree(parts)
    manifest = {"seed": seed, "customers": customers, "as_of": plan.as_of.isoformat() + "+03:00",
                "rows": counts}
    (truth / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def _count_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1
