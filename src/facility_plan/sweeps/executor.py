"""Run independent solves in input order on one executor: serial, a local process pool or a Dask cluster."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar

from threadpoolctl import threadpool_limits

from facility_plan.errors import FacilityPlanError, ScenarioConfigError

if TYPE_CHECKING:
    from multiprocessing.managers import SyncManager

ExecutorKind = Literal["serial", "processes", "dask"]
LOCAL_CLUSTER = "local"
"""`ExecutorSettings.dask_address` that starts a Dask ``LocalCluster`` on this machine."""

S = TypeVar("S")
S_co = TypeVar("S_co", covariant=True)
T = TypeVar("T")
R = TypeVar("R")
ProgressHook = Callable[[int, int], None]
"""Called with (tasks done, tasks in the sweep) after each task."""

_POLL_SECONDS = 0.5


class SweepError(FacilityPlanError):
    """A sweep could not run: a worker died, or the Dask cluster could not be reached."""


@dataclass(frozen=True, slots=True)
class ExecutorSettings:
    """Where a sweep runs.

    Attributes
    ----------
    kind
        ``serial`` (this process), ``processes`` (a local process pool, the default) or ``dask``.
    workers
        Worker processes of the pool or of a started ``LocalCluster``; None: the machine's CPUs.
    dask_address
        For ``dask``: ``"local"`` starts a ``LocalCluster``; ``"tcp://host:8786"`` connects to
        a running scheduler.
    """

    kind: ExecutorKind = "processes"
    workers: int | None = None
    dask_address: str | None = None

    def __post_init__(self) -> None:
        if self.workers is not None and self.workers < 1:
            msg = f"workers must be at least 1, got {self.workers}"
            raise ScenarioConfigError(msg)
        if self.kind == "dask" and not self.dask_address:
            msg = "a Dask sweep needs an address: 'local' or 'tcp://host:8786'"
            raise ScenarioConfigError(msg)

    @classmethod
    def from_options(
        cls, *, dask: str | None = None, workers: int | None = None, serial: bool = False
    ) -> ExecutorSettings:
        """Settings from the command-line options ``--dask``, ``--workers`` and ``--serial``."""
        if serial and dask:
            msg = "--serial and --dask exclude each other"
            raise ScenarioConfigError(msg)
        if dask:
            return cls(kind="dask", workers=workers, dask_address=dask)
        return cls(kind="serial" if serial else "processes", workers=workers)

    @property
    def worker_count(self) -> int:
        """Workers to start (the machine's CPUs when not given)."""
        return self.workers or os.cpu_count() or 1

    def describe(self) -> str:
        """Short description, e.g. ``processes ×2`` or ``dask tcp://host:8786``."""
        if self.kind == "serial":
            return "serial"
        if self.kind == "dask" and self.dask_address != LOCAL_CLUSTER:
            return f"dask {self.dask_address}"
        return f"{self.kind}{' local' if self.kind == 'dask' else ''} ×{self.worker_count}"


def run_task(function: Callable[[S, T], R], shared: S, item: T) -> R:
    """``function(shared, item)`` with numerical libraries on one thread.

    Multi-threaded BLAS sums in another order, and a solver may then pick another of several
    exactly tied optima; one thread everywhere makes a sweep identical on every executor.
    """
    with threadpool_limits(limits=1):
        return function(shared, item)


class SweepRunner(Protocol[S_co]):
    """Maps a task function over items with the sweep's shared inputs, results in item order."""

    def map(
        self,
        function: Callable[[S_co, T], R],
        items: Sequence[T],
        *,
        on_progress: ProgressHook | None = None,
    ) -> list[R]:
        """``[function(shared, item) for item in items]``, computed on the executor.

        Raises
        ------
        Exception
            The error of the first item (in item order) whose task failed.
        """
        ...


class _SerialRunner(Generic[S]):
    def __init__(self, shared: S) -> None:
        self._shared = shared

    def map(
        self,
        function: Callable[[S, T], R],
        items: Sequence[T],
        *,
        on_progress: ProgressHook | None = None,
    ) -> list[R]:
        results = []
        for number, item in enumerate(items, start=1):
            results.append(run_task(function, self._shared, item))
            if on_progress is not None:
                on_progress(number, len(items))
        return results


def _drain(shared: Any, todo: queue.Queue[Any], done: queue.Queue[Any]) -> None:
    """Worker loop of the process pool: run tasks from `todo` until a ``None`` arrives."""
    while True:
        try:
            task = todo.get()
        except (EOFError, OSError):  # the sweep was stopped and its queues closed
            return
        if task is None:
            return
        batch, index, function, item = task
        try:
            outcome: tuple[bool, Any] = (True, run_task(function, shared, item))
        except Exception as err:  # sent back and raised in the sweep's process
            outcome = (False, err)
        try:
            done.put((batch, index, *outcome))
        except (EOFError, OSError):
            return
        except Exception as err:  # the result or the error does not pickle
            done.put((batch, index, False, SweepError(f"task {index}: {err!r}")))


class _ProcessRunner(Generic[S]):
    """A pool of worker processes, each given the shared inputs once, pulling tasks from a queue."""

    def __init__(self, shared: S, workers: int, manager: SyncManager, pool: ProcessPoolExecutor):
        self._todo: queue.Queue[Any] = manager.Queue()
        self._done: queue.Queue[Any] = manager.Queue()
        self._workers: list[Future[None]] = [
            pool.submit(_drain, shared, self._todo, self._done) for _ in range(workers)
        ]
        self._batches = 0

    def map(
        self,
        function: Callable[[S, T], R],
        items: Sequence[T],
        *,
        on_progress: ProgressHook | None = None,
    ) -> list[R]:
        self._batches += 1
        batch = self._batches
        for index, item in enumerate(items):
            self._todo.put((batch, index, function, item))
        outcomes: dict[int, tuple[bool, Any]] = {}
        while len(outcomes) < len(items):
            try:
                got_batch, index, ok, payload = self._done.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                self._check_workers()
                continue
            if got_batch == batch:
                outcomes[index] = (ok, payload)
                if on_progress is not None:
                    on_progress(len(outcomes), len(items))
        results = []
        for index in range(len(items)):
            ok, payload = outcomes[index]
            if not ok:
                raise payload
            results.append(payload)
        return results

    def _check_workers(self) -> None:
        for worker in self._workers:
            if worker.done():
                error = worker.exception()
                msg = f"a sweep worker process stopped ({error!r}); the sweep cannot finish"
                raise SweepError(msg)

    def stop(self) -> None:
        """Drop the tasks not started (after an error) and let every worker finish."""
        with contextlib.suppress(queue.Empty, EOFError, OSError):
            while True:
                self._todo.get_nowait()
        for _ in self._workers:
            with contextlib.suppress(EOFError, OSError):
                self._todo.put(None)


def _apply(function: Callable[[S, T], R], shared: S, item: T) -> R:
    """A Dask task: the task function on the scattered shared inputs and one item."""
    return run_task(function, shared, item)


class _DaskRunner(Generic[S]):
    """Tasks on a Dask cluster; the shared inputs are scattered to every worker once."""

    def __init__(self, client: Any, shared: S) -> None:
        self._client = client
        self._shared = client.scatter(shared, broadcast=True, hash=False)
        self._token = uuid.uuid4().hex[:12]
        self._batches = 0

    def map(
        self,
        function: Callable[[S, T], R],
        items: Sequence[T],
        *,
        on_progress: ProgressHook | None = None,
    ) -> list[R]:
        from distributed import as_completed

        self._batches += 1
        futures = [
            self._client.submit(
                _apply,
                function,
                self._shared,
                item,
                key=f"sweep-{self._token}-{self._batches}-{index}",
                pure=False,
            )
            for index, item in enumerate(items)
        ]
        try:
            for done, _future in enumerate(as_completed(futures), start=1):  # type: ignore[no-untyped-call]
                if on_progress is not None:
                    on_progress(done, len(items))
            return [future.result() for future in futures]
        finally:
            self._client.cancel(futures)


@contextlib.contextmanager
def _dask_client(settings: ExecutorSettings) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - dask is a test extra
        msg = "--dask needs the packages dask and distributed (pip install 'dask[distributed]')"
        raise SweepError(msg) from None
    if settings.dask_address == LOCAL_CLUSTER:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=settings.worker_count,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    try:
        client = Client(settings.dask_address, timeout="30s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as err:
        msg = f"cannot reach the Dask scheduler at {settings.dask_address} ({err})"
        raise SweepError(msg) from None
    with client:
        yield client


def _process_context() -> multiprocessing.context.BaseContext:
    """Worker processes forked from a clean server that has imported the sweep layer once.

    ``forkserver`` is safe when the calling process has threads (progress displays, Dask) and
    makes each worker start in milliseconds; ``spawn`` where it is missing (Windows).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__package__ or "facility_plan.sweeps"])
    return context


@contextlib.contextmanager
def open_sweep(shared: S, settings: ExecutorSettings | None = None) -> Iterator[SweepRunner[S]]:
    """Start the executor of `settings` with `shared` on every worker; stop it on leaving.

    Every sweep (robustness draws, alternatives, budget points, sensitivity runs) goes through
    here: the inputs every task shares travel to each worker once (a Dask ``scatter``; for the
    process pool, once per worker process at its start), each task carries only its own small
    item, and results come back in the order of the items, so a sweep gives the same table
    whatever the executor. Task functions must be module-level functions (pickled by reference).

    Parameters
    ----------
    shared
        Inputs every task reads (a problem, a scenario): sent to each worker once.
    settings
        Where to run; default a process pool with one worker per CPU.

    Yields
    ------
    SweepRunner
        ``runner.map(function, items)`` runs ``function(shared, item)`` for each item and returns
        the results in item order; it can be called several times on the same workers.

    Examples
    --------
    >>> with open_sweep(10, ExecutorSettings(kind="serial")) as runner:
    ...     runner.map(pow, [1, 2, 3])
    [10, 100, 1000]
    """
    chosen = settings or ExecutorSettings()
    if chosen.kind == "serial":
        yield _SerialRunner(shared)
        return
    if chosen.kind == "dask":
        with _dask_client(chosen) as client:
            yield _DaskRunner(client, shared)
        return
    with _process_context().Manager() as manager:
        pool = ProcessPoolExecutor(max_workers=chosen.worker_count, mp_context=_process_context())
        runner = _ProcessRunner(shared, chosen.worker_count, manager, pool)
        try:
            yield runner
        finally:
            runner.stop()
            pool.shutdown(wait=True, cancel_futures=True)
