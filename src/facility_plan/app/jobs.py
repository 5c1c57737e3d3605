"""Run one background job at a time in a warm worker process, with progress through the index and cancel."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from typing import Any

from facility_plan.app.store import CANCELLED, FAILED, RUNNING, ProjectStore
from facility_plan.errors import FacilityPlanError

JOIN_SECONDS = 5.0
"""How long a cancelled job's process is given to end before it is killed."""
Task = tuple[Callable[..., None], tuple[Any, ...]]


class JobBusyError(FacilityPlanError):
    """A job is already running; the app runs one at a time (the machine's cores go to the solver)."""


def worker_loop(tasks: Queue[Task | None]) -> None:
    """The worker process: import the heavy libraries once, then run tasks until told to stop."""
    import facility_plan.app.whatif
    import facility_plan.outputs

    del facility_plan
    while True:
        task = tasks.get()
        if task is None:
            return
        function, args = task
        function(*args)


class JobRunner:
    """Runs jobs (`facility_plan.app.worker` functions) in one warm ``spawn`` worker process.

    The worker imports everything once (`warm_up`), so a solve starts at once. One job runs at a
    time; a job reports its steps and its end in the project index. `cancel` ends the worker
    (and so the job) and starts a fresh one; `refresh` notices a worker that died mid-job and
    marks its run failed.
    """

    def __init__(self) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._process: BaseProcess | None = None
        self._tasks: Queue[Task | None] | None = None
        self._current: tuple[ProjectStore, int] | None = None

    def warm_up(self) -> None:
        """Start the worker process if it is not running."""
        if self._process is not None and self._process.is_alive():
            return
        self._tasks = self._context.Queue()
        self._process = self._context.Process(target=worker_loop, args=(self._tasks,), daemon=True)
        self._process.start()

    def busy(self) -> bool:
        """True while the current job is marked running and the worker is alive."""
        if self._current is None or self._process is None or not self._process.is_alive():
            return False
        store, run_id = self._current
        try:
            return store.run(run_id).status == RUNNING
        except KeyError:
            return False

    def start(
        self,
        store: ProjectStore,
        kind: str,
        target: str,
        function: Callable[..., None],
        *args: Any,
    ) -> int:
        """Record a job and hand ``function(str(store.folder), run_id, *args)`` to the worker.

        Raises
        ------
        JobBusyError
            Another job is running.
        """
        self.refresh()
        if self.busy():
            msg = "another job is still running; wait for it or cancel it"
            raise JobBusyError(msg)
        self.warm_up()
        assert self._tasks is not None  # set by warm_up
        run_id = store.start_run(kind, target)
        self._current = (store, run_id)
        self._tasks.put((function, (str(store.folder), run_id, *args)))
        return run_id

    def _stop_worker(self) -> None:
        process = self._process
        if process is not None and process.is_alive():
            process.terminate()
            process.join(JOIN_SECONDS)
            if process.is_alive():
                process.kill()
                process.join(JOIN_SECONDS)
        self._process = None
        if self._tasks is not None:
            self._tasks.close()
            self._tasks.cancel_join_thread()
        self._tasks = None

    def cancel(self, store: ProjectStore, run_id: int) -> None:
        """Cancel job `run_id`: end the worker, record the run as cancelled, start a fresh worker.

        Nothing half-written stays: every output folder is staged and replaced whole.
        """
        if self._current is not None and self._current[1] == run_id and self.busy():
            self._stop_worker()
            self._current = None
            store.update_run(run_id, status=CANCELLED)
            self.warm_up()
        else:
            store.update_run(run_id, status=CANCELLED)

    def refresh(self) -> None:
        """A run still marked running whose worker has died has failed; the worker is restarted."""
        if self._current is None:
            return
        current_store, run_id = self._current
        if self._process is not None and self._process.is_alive():
            return
        exit_code = self._process.exitcode if self._process is not None else None
        try:
            entry = current_store.run(run_id)
        except KeyError:
            return
        if entry.status == RUNNING:
            current_store.update_run(
                run_id, status=FAILED, message=f"job ended unexpectedly (exit code {exit_code})"
            )
        self._current = None
        self._stop_worker()

    def shutdown(self) -> None:
        """End the worker (the app is stopping)."""
        if self._tasks is not None and self._process is not None and self._process.is_alive():
            self._stop_worker()
        self._current = None
