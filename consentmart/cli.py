"""The `consentmart` command: parses arguments and calls the modules that do the work."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from consentmart import audience, bench, build, database, evidence, loader, settings
from consentmart.dashboard import launch
from consentmart.errors import ConsentMartError


def _db(args: argparse.Namespace) -> None:
    if args.action == "start":
        print(database.redact(database.start_embedded()))
    elif args.action == "stop":
        print("stopped" if database.stop_embedded() else "not running")
    elif args.action == "status":
        _db_status()
    else:
        print(database.resolve_url())


def _db_status() -> None:
    configured = settings.configured_url()
    if configured:
        with database.connect(configured) as conn:
            version = conn.execute("show server_version").fetchone()[0]
        print(f"external server (CONSENTMART_DATABASE_URL), PostgreSQL {version}: {database.redact(configured)}")
        return
    url = database.embedded_status()
    if url is None:
        print(f"embedded server: not running (data in {database.pgdata_dir()})")
    else:
        print(f"embedded server: running at {url}")


def _load(args: argparse.Namespace) -> None:
    with database.connect() as conn:
        counts = loader.load_directory(conn, Path(args.directory), append=args.append)
    mode = "appended" if args.append else "loaded"
    for table, rows in counts.items():
        print(f"{mode} {rows:>10} rows into raw.{table}")


def _build(args: argparse.Namespace) -> None:
    url = database.resolve_url()
    build.build(as_of=args.as_of, full_refresh=args.full_refresh, url=url, admit_pending=args.admit_pending)
    summary = build.data_quality_summary(url)
    total = sum(count for _, _, count in summary)
    print(f"\nmarts.data_quality_issues: {total} raw rows kept out or kept without a value")
    for table, disposition, count in summary:
        print(f"  {table:<26} {disposition:<14} {count:>8}")


def _generate(args: argparse.Namespace) -> None:
    from consentmart.generator.output import generate  # the generator is not needed by other commands

    if args.customers < 1:
        raise ConsentMartError("--customers must be at least 1")
    as_of = build.moscow_time(args.as_of) if args.as_of else None
    target = Path(args.out) if args.out else settings.home_dir() / "generated" / f"seed{args.seed}-{args.customers}"
    manifest = generate(target, args.customers, seed=args.seed, as_of=as_of, workers=args.workers,
                        day=args.day_after)
    rows = sum(manifest["rows"].values())
    print(f"wrote {rows} raw rows for {args.customers} customers (seed {args.seed}) to {target}")
    if not args.day_after:
        print(f"the truth (expected marts, faults and violations) is in {target / 'truth'}; as_of {manifest['as_of']}")
    if args.load:
        with database.connect() as conn:
            counts = loader.load_directory(conn, target, append=bool(args.day_after))
        print(f"loaded {sum(counts.values())} rows into the raw tables")


def _audience(args: argparse.Namespace) -> None:
    out = Path(args.out)
    with database.connect() as conn:
        rows = audience.export(conn, args.channel, out)
    print(f"wrote {rows} contact points that may receive advertising by {args.channel} to {out}")


def _evidence(args: argparse.Namespace) -> None:
    with database.connect() as conn:
        document = evidence.pack(conn, args.request_id)
    if args.out:
        Path(args.out).write_text(document, encoding="utf-8")
        print(f"wrote the evidence pack for {args.request_id} to {args.out}")
    else:
        print(document)


def _dashboard(args: argparse.Namespace) -> None:
    url = database.resolve_url()
    code = launch.serve(url, args.port)
    if code not in (0, -2, 130):
        raise ConsentMartError(f"the dashboard stopped with exit code {code}")


def _bench(args: argparse.Namespace) -> None:
    workdir = Path(args.workdir) if args.workdir else settings.home_dir() / "bench"
    report = bench.run(args.customers or list(bench.DEFAULT_SIZES), args.seed, workdir)
    print()
    print(bench.table(report))
    out = Path(args.out) if args.out else workdir / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="consentmart", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="the embedded PostgreSQL server (the default database)")
    db.add_argument("action", choices=["start", "stop", "status", "url"])
    db.set_defaults(handler=_db)

    load = commands.add_parser("load", help="load DIR/<table>.csv into the raw tables")
    load.add_argument("directory", metavar="DIR")
    load.add_argument("--append", action="store_true", help="add a later batch instead of replacing")
    load.set_defaults(handler=_load)

    gen = commands.add_parser("generate", help="realistic synthetic raw data and its ground truth")
    gen.add_argument("--customers", type=int, required=True, metavar="N")
    gen.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same bytes (default 1)")
    gen.add_argument("--as-of", metavar="TS", help="the moment the data describes (default 2026-11-20T12:00+03:00)")
    gen.add_argument("--day-after", type=int, default=0, metavar="K",
                     help="write the K-th next day of the same world instead (load it with --append)")
    gen.add_argument("--workers", type=int, metavar="W", help="processes (default: one per core)")
    where = gen.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", metavar="DIR", help="write <table>.csv files and truth/ here")
    where.add_argument("--load", action="store_true", help="write under CONSENTMART_HOME and load them")
    gen.set_defaults(handler=_generate)

    run = commands.add_parser("build", help="dbt build of the whole project")
    run.add_argument("--as-of", metavar="TS", help="ISO 8601 moment the marts describe (default: now)")
    run.add_argument("--full-refresh", action="store_true", help="rebuild incremental models from scratch")
    run.add_argument("--admit-pending", action="store_true",
                     help="the marketing audience also admits consents whose document awaits verification")
    run.set_defaults(handler=_build)
    pull = commands.add_parser("audience", help="the contactable audience of one channel, as CSV or Parquet")
    pull.add_argument("--channel", required=True, metavar="C", help="sms, call, email, push, messenger or post")
    pull.add_argument("--out", required=True, metavar="FILE", help="FILE.csv or FILE.parquet")
    pull.set_defaults(handler=_audience)
    pack = commands.add_parser("evidence", help="the evidence pack for a regulator request, in Russian (Markdown)")
    pack.add_argument("request_id", metavar="REQUEST_ID")
    pack.add_argument("--out", metavar="FILE", help="write it here instead of printing it")
    pack.set_defaults(handler=_evidence)
    board = commands.add_parser("dashboard", help="the DPO dashboard (Streamlit) on http://localhost:PORT")
    board.add_argument("--port", type=int, default=launch.DEFAULT_PORT, metavar="PORT", help="default 8501")
    board.set_defaults(handler=_dashboard)
    measure = commands.add_parser("bench", help="the performance benchmark (in a database of its own)")
    measure.add_argument("--customers", type=int, nargs="+", metavar="N",
                         help=f"sizes (default {' '.join(str(n) for n in bench.DEFAULT_SIZES)})")
    measure.add_argument("--seed", type=int, default=1, metavar="S")
    measure.add_argument("--out", metavar="FILE", help="the JSON report (default CONSENTMART_HOME/bench/bench.json)")
    measure.add_argument("--workdir", metavar="DIR", help="where generated data and dbt artifacts go")
    measure.set_defaults(handler=_bench)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.handler(args)
    except ConsentMartError as exc:
        print(f"consentmart: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("consentmart: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
