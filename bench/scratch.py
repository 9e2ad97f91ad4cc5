"""A scratch PostgreSQL database for a benchmark (shared by the benchmarks)."""

from __future__ import annotations

from urllib.parse import urlparse, urlunparse


def scratch_database(url: str, name: str) -> str:
    """Drop and create database `name` on the server of `url` (through its `postgres` database) and return
    `url` pointing at it."""
    import psycopg

    parts = urlparse(url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return urlunparse(parts._replace(path=f"/{name}"))
