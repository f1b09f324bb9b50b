"""Read a folder tree of reports on dask into one Parquet dataset, partitioned by year.

    python examples/dask_to_parquet.py REPORTS/ CELLS/ [--glob '*.pdf'] [--scheduler processes]

Needs the ``[dask]`` extra (``pip install 'govdisclosure[dask]'``: dask.bag, pandas and
pyarrow). Every file is read by :func:`govdisclosure.batch.read_file`, the same function
``govdisclosure parse`` and :func:`govdisclosure.read_reports` run on each file; dask only
spreads the files over the processes of this machine (``--scheduler processes``, the
default) or over a cluster (``--scheduler tcp://HOST:8786``, with ``dask.distributed``
installed and REPORTS/ and CELLS/ on a file system every worker sees).

Each partition of files is read and written by the worker that holds it, so neither the
reports nor their cells travel back to this process: only the failures do. The result is a
Hive-partitioned dataset::

    CELLS/year=2023/part-<hash>-0.parquet
    CELLS/year=2024/part-<hash>-0.parquet
    CELLS/_failures.parquet          the files that could not be read, with the reason

with the columns of :attr:`govdisclosure.Batch.cells` (the schema of
:func:`govdisclosure.serialize.arrow_schema`: amounts as exact decimals). :func:`read_dataset`
reads it back as one frame, equal to what :func:`govdisclosure.read_reports` gives
(``_failures`` is left out of the dataset, as files starting with ``_`` are).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from govdisclosure.batch import Failure, Parsed, discover, read_file
from govdisclosure.serialize import to_arrow, to_pandas


def write_partition(paths: Iterable[str], out: str) -> list[dict[str, Any]]:
    """Read a partition's files and append their cells to the dataset at ``out``;
    return the failures."""
    import pyarrow.parquet as pq

    paths = list(paths)
    outcomes = [read_file(path, validate=False) for path in paths]
    reports = [o.report for o in outcomes if isinstance(o, Parsed)]
    if reports:
        # Named after the files it holds: the same input writes the same dataset.
        name = hashlib.sha1("\n".join(paths).encode("utf-8")).hexdigest()[:16]
        pq.write_to_dataset(
            to_arrow(to_pandas(reports)),
            out,
            partition_cols=["year"],
            basename_template=f"part-{name}-{{i}}.parquet",
        )
    return [o.to_record() for o in outcomes if isinstance(o, Failure)]


def read_dataset(path: str | Path) -> Any:
    """The dataset as one pandas frame of cells, its columns in the order of
    :data:`govdisclosure.serialize.FRAME_COLUMNS`, ``year`` a nullable integer again."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.dataset as ds

    from govdisclosure.serialize import FRAME_COLUMNS

    # Without a declared type, the year of the folder names would come back as a category.
    partitioning = ds.partitioning(pa.schema([("year", pa.int64())]), flavor="hive")
    frame = pd.read_parquet(path, partitioning=partitioning)
    return frame[list(FRAME_COLUMNS)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", help="a folder of reports, read recursively")
    parser.add_argument("out", help="the folder of the Parquet dataset (made if absent)")
    parser.add_argument(
        "--scheduler",
        default="processes",
        help="processes (default), threads, synchronous, or a dask.distributed address",
    )
    parser.add_argument("--glob", help="only files matching this ('*.pdf', '2024/*')")
    parser.add_argument("--workers", type=int, default=None, help="local processes")
    parser.add_argument("--partition-size", type=int, default=50, help="files per task")
    args = parser.parse_args(argv)

    import dask.bag as db
    import pandas as pd

    paths = list(discover([args.reports], glob=args.glob))
    if not paths:
        print(f"no document found in {args.reports}", file=sys.stderr)
        return 2
    Path(args.out).mkdir(parents=True, exist_ok=True)
    bag = db.from_sequence(paths, partition_size=args.partition_size)
    failures = bag.map_partitions(write_partition, args.out)
    if "://" in args.scheduler:
        from dask.distributed import Client

        with Client(args.scheduler):
            records = failures.compute()
    else:
        records = failures.compute(scheduler=args.scheduler, num_workers=args.workers)
    frame = pd.DataFrame(records, columns=["source", "error", "reason", "line"])
    frame["line"] = frame["line"].astype("Int64")
    frame.to_parquet(Path(args.out) / "_failures.parquet", index=False)
    print(f"{len(paths) - len(frame)} of {len(paths)} files read into {args.out}", file=sys.stderr)
    for record in records:
        print(f"{record['source']}: {record['reason']}", file=sys.stderr)
    return 2 if records else 0


if __name__ == "__main__":
    sys.exit(main())
