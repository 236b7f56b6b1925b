"""Where document and evidence files are kept: one small interface, two stores.

- :class:`LocalFolderStore`, the default: ``instance/files/`` (``CONCERNS_FILES_DIR``).
- :class:`S3Store`: an S3-compatible bucket, chosen with ``CONCERNS_FILES_STORE=s3`` and
  ``CONCERNS_FILES_S3_BUCKET`` (optionally ``..._PREFIX``, ``..._ENDPOINT_URL`` for a
  non-AWS service, ``..._REGION``); credentials come from boto3's usual chain (environment,
  instance role), never from this code.

Files are written once under a new key and never overwritten: a new version is a new key.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from flask import current_app

__all__ = ["FileStore", "LocalFolderStore", "S3Store", "StoredFileMissing", "documents_root", "file_store", "store_from_settings"]


class StoredFileMissing(Exception):
    """The record names a file the store does not have (it was removed outside the system)."""


class FileStore(Protocol):
    def put(self, key: str, content: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes: ...


class LocalFolderStore:
    """Files in a folder on this server, one file per key (keys may contain '/')."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"the storage key {key!r} leaves the files folder")
        return path

    def put(self, key: str, content: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # 'x': a key is written once; an existing file is never replaced.
        with open(path, "xb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise StoredFileMissing(key) from None


class S3Store:
    """Files in an S3-compatible bucket (AWS S3, MinIO, Ceph...)."""

    def __init__(self, bucket: str, *, prefix: str = "", endpoint_url: str | None = None, region: str | None = None,
                 client=None):
        import boto3

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.client = client or boto3.client("s3", endpoint_url=endpoint_url or None, region_name=region or None)

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, content: bytes, content_type: str) -> None:
        # IfNoneMatch="*": the bucket refuses to replace an object that exists (write once).
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=content, ContentType=content_type,
                               IfNoneMatch="*")

    def get(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            raise StoredFileMissing(key) from None


def store_from_settings(config) -> FileStore:
    """The store the settings (app config, then environment) choose."""
    def setting(name: str, default: str | None = None) -> str | None:
        return config.get(name) or os.environ.get(f"CONCERNS_{name}") or default

    kind = (setting("FILES_STORE", "local") or "local").lower()
    if kind == "s3":
        bucket = setting("FILES_S3_BUCKET")
        if not bucket:
            raise RuntimeError("CONCERNS_FILES_STORE=s3 needs CONCERNS_FILES_S3_BUCKET (the bucket's name)")
        return S3Store(bucket, prefix=setting("FILES_S3_PREFIX", "") or "", endpoint_url=setting("FILES_S3_ENDPOINT_URL"),
                       region=setting("FILES_S3_REGION"))
    if kind != "local":
        raise RuntimeError(f"CONCERNS_FILES_STORE must be 'local' or 's3', not {kind!r}")
    return LocalFolderStore(setting("FILES_DIR") or Path(config["INSTANCE_DIR"]) / "files")


def file_store() -> FileStore:
    """The app's file store (made once per app)."""
    extensions = current_app.extensions["concerns"]
    if "file_store" not in extensions:
        extensions["file_store"] = store_from_settings(current_app.config)
    return extensions["file_store"]


def documents_root() -> Path:
    """The council templates' folder: DOCUMENTS_DIR, else ``documents/`` beside ``processes/``."""
    configured = current_app.config.get("DOCUMENTS_DIR") or os.environ.get("CONCERNS_DOCUMENTS")
    return Path(configured) if configured else Path(current_app.config["PROCESSES_DIR"]).parent / "documents"
