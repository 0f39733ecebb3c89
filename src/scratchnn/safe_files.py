"""Write a file so that a crash, a full disk or a race never loses what was there before.

The discipline of SQLite and git: the new content goes to a temporary file in the same directory,
is flushed and fsync'ed, and only then takes the destination's name in one atomic step. A reader
sees the old file or the new one, never half of one. ``kill -9`` or a full disk mid-write leaves
the old file untouched (and at most a hidden ``.NAME-*.partial`` file, removed when Python can).

* Without ``force`` the new file is *linked* to its name (``os.link``), which fails if anything
  exists there, even a file created a moment ago by another program or a dangling symlink: the
  "do not overwrite" decision is made at the moment of writing, not minutes earlier.
* With ``force`` it is renamed over the destination (``os.replace``). A symlink at the destination
  is replaced by the new file; the file the link pointed to is never written through.

:func:`check_output` runs the cheap checks (directory exists and is writable, no file in the way
without ``force``) before any training, so a mistake costs seconds, not a training run.
"""
import errno
import os
import tempfile
from pathlib import Path

from .validation import InputError


class OutputExists(InputError):
    """The destination exists (or appeared) and ``force`` was not given."""


def _describe_existing(path):
    if os.path.islink(path):
        target = os.readlink(path)
        dangling = "" if os.path.exists(path) else ", which does not exist"
        return f"{path} is a symbolic link to {target}{dangling}"
    if os.path.isdir(path):
        return f"{path} is a directory"
    return f"{path} already exists"


def check_output(path, force=False, option="--out"):
    """Raise :class:`InputError` now if ``path`` could not be written later; returns it as a Path.

    Checks: the parent is an existing, writable directory; the path itself is not a directory;
    and, without ``force``, nothing (file, link, dangling link) is there yet.
    """
    path = Path(path)
    parent = path.parent
    if not path.name or path.name in (".", ".."):
        raise InputError(f"{option} {str(path)!r} names a directory, not a file; give a file name")
    if os.path.isdir(path) and not os.path.islink(path):
        raise InputError(f"{option} {path} is a directory; give a file name inside it, e.g. {path / 'model.npz'}")
    for above in [parent, *parent.parents]:      # the nearest existing ancestor must be a directory
        if os.path.lexists(above):
            if not os.path.isdir(above):
                raise InputError(f"{option} {path}: {above} is a file, not a directory; choose a path in a directory")
            break
    if not os.path.isdir(parent):
        raise InputError(f"{option} {path}: the directory {parent} does not exist; create it first "
                         f"(mkdir -p {parent}) or choose another path")
    try:    # really create a file there: permission bits do not tell root, read-only mounts, quotas
        fd, probe = tempfile.mkstemp(dir=parent, prefix=".scratchnn-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise InputError(f"{option} {path}: the directory {parent} is not writable ({err.strerror}); choose "
                         "another directory") from None
    if os.path.exists(path) and not os.path.isfile(path):
        raise InputError(f"{option} {path} is not a regular file (a device, pipe or socket); scratchnn writes only "
                         "regular files: choose a file name")
    if os.path.lexists(path) and not force:
        raise OutputExists(f"{_describe_existing(path)}; pass --force to replace it, or choose another name "
                           f"with {option}")
    return path


def write_file(path, write, force=False, keep_on_conflict=False):
    """Atomically create (or, with ``force``, replace) ``path`` with what ``write(tmp_path)`` writes.

    ``write`` gets the temporary file's path (same directory, same suffix, so a writer that picks
    its format from the name still works) and fills it. Returns ``path`` as a Path. Failure leaves
    the destination exactly as it was and raises :class:`InputError` naming the cause.

    ``keep_on_conflict``: if ``path`` appeared since :func:`check_output` (and no ``force``), keep
    the new content beside it as ``NAME.new`` (``NAME.new2`` ...) instead of discarding it, and say so.
    """
    path = Path(path)
    directory = path.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.stem}-", suffix=f".partial{path.suffix}")
        os.close(fd)
    except OSError as err:
        raise InputError(f"cannot write {path}: {err.strerror} ({directory})") from None
    try:
        try:
            write(tmp)
            with open(tmp, "rb+") as f:       # the bytes reach the disk before the name points at them
                os.fsync(f.fileno())
            if force:
                os.replace(tmp, path)
            else:
                _link_new(tmp, path, keep_on_conflict)
        except OSError as err:
            raise _output_error(path, err) from None
        _sync_directory(directory)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)
    return path


def _link_new(tmp, path, keep_on_conflict):
    """Give ``tmp`` the name ``path`` only if nothing is there (atomic: ``link`` fails on EEXIST)."""
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        pass
    except OSError as err:     # a file system without hard links: exclusive create, then rename over it
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            pass
        else:
            os.replace(tmp, path)
            return
    where = ""
    if keep_on_conflict:
        for n in range(1, 1000):
            aside = path.with_name(f"{path.name}.new{n if n > 1 else ''}")
            try:
                os.link(tmp, aside)
                where = f"; the new content was kept as {aside}"
                break
            except FileExistsError:
                continue
    raise OutputExists(f"{_describe_existing(path)} (it appeared while scratchnn was working) and was not "
                       f"replaced{where}; pass --force to replace it")


def _output_error(path, err):
    if isinstance(err, InputError):
        return err
    reason = {errno.ENOSPC: "the disk is full", errno.EFBIG: "the file size limit was reached",
              getattr(errno, "EDQUOT", -1): "the disk quota is exceeded", errno.EACCES: "permission denied",
              errno.EROFS: "the file system is read-only"}.get(err.errno, err.strerror or str(err))
    kept = "the existing file is unchanged" if os.path.lexists(path) else "nothing was written"
    return InputError(f"cannot write {path}: {reason}; {kept}")


def _sync_directory(directory):
    """fsync the directory so the new name itself survives a power cut (POSIX; a no-op elsewhere)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_text(path, text, force=False):
    """Atomically write ``text`` (UTF-8) to ``path``; see :func:`write_file`."""
    def write(tmp):
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
    return write_file(path, write, force)
