"""The RQ worker Synergy runs when the task queue is on Redis."""

import os

from rq.executions import Execution
from rq.worker import Worker

# How many times a task is run again after the process running it died.
KILLED_RETRIES = 3
# How often a worker looks for tasks that dead workers left running (RQ's default: ten minutes).
MAINTENANCE_SECONDS = 15
# A busy worker renews its lease this often (RQ's heartbeat while it watches its work process;
# RQ's default is 30 s) ...
JOB_MONITORING_SECONDS = 5
# ... and a worker whose lease has run out this long is gone.
LEASE_SECONDS = 15
# Worker name -> when its lease runs out, by Redis's clock (machines' clocks may differ). A hash
# without expiry: a Redis that evicts keys with a time to live (docs/deploy.md) never drops it,
# and only workers that keep a lease are ever in it, so an older worker, or a batch run of
# ``manage.py worker``, is never taken for dead.
LEASES = "synergy:worker-leases"
# A dead worker's lease is forgotten after this long (nothing else removes it).
FORGET_LEASES_AFTER = 24 * 3600


def redis_now(connection) -> float:
    seconds, microseconds = connection.time()
    return seconds + microseconds / 1_000_000


class RetryKilledWorker(Worker):
    """Run a task again when the process running it was killed (out of memory, a deploy, a lost machine).

    RQ runs each task in a forked work process, and Synergy enqueues tasks without retries,
    so RQ would fail a task for good when its work process dies, or when the whole worker
    dies with it (then the task waits in RQ's started registry until its heartbeat runs out,
    90 s, and the next clean-up moves it to the failed registry). Every Synergy task is safe
    to run twice, so instead each start gives the task one retry, stored with it before the
    work process is forked: RQ spends it whether this worker sees its work process die or
    another worker's clean-up finds the task abandoned. The first ``KILLED_RETRIES`` starts
    get one, so a task that kills its process every time cannot loop for ever. A task that
    fails by itself (raises, runs out of time) is not run again.
    """

    def __init__(self, *args, maintenance_interval: int = MAINTENANCE_SECONDS, **kwargs):
        kwargs.setdefault("job_monitoring_interval", JOB_MONITORING_SECONDS)
        super().__init__(*args, maintenance_interval=maintenance_interval, **kwargs)

    def heartbeat(self, timeout=None, pipeline=None):
        """RQ's heartbeat, which also renews this worker's lease: when a task starts, and every
        ``JOB_MONITORING_SECONDS`` while it runs."""
        super().heartbeat(timeout, pipeline=pipeline)
        expires = redis_now(self.connection) + LEASE_SECONDS
        (pipeline if pipeline is not None else self.connection).hset(LEASES, self.name, expires)

    def register_death(self):
        super().register_death()
        self.connection.hdel(LEASES, self.name)

    @property
    def dequeue_timeout(self) -> int:
        # An idle worker waits this long for a task before looking again; it does its
        # maintenance in between, so it must wake at least once per maintenance interval.
        return min(super().dequeue_timeout, self.maintenance_interval)

    def prepare_execution(self, job):
        starts = job.meta.get("synergy_starts", 0) + 1
        job.meta["synergy_starts"] = starts
        job.retries_left = 1 if starts <= KILLED_RETRIES else 0
        job.retry_intervals = [0]
        job.save()
        return super().prepare_execution(job)

    def handle_job_failure(self, job, queue, started_job_registry=None, exc_string="", execution=None):
        if os.getpid() != self.pid:
            # In the work process: the task itself raised or ran out of time, and would again.
            job.retries_left = 0
        super().handle_job_failure(job, queue, started_job_registry, exc_string, execution)

    def clean_registries(self):
        """Before RQ's clean-up, mark as abandoned now the tasks of workers whose lease ran out.

        RQ only takes a task for abandoned when its heartbeat runs out (a minute or more); a
        worker that renews no lease is gone, whichever machine or container it ran in, so what
        it left running is run again within ``LEASE_SECONDS`` and ``MAINTENANCE_SECONDS`` — by
        the worker the process manager starts in its place, or by any other one. A lease, not
        the machine's name and the process number: containers may share a host name, and each
        runs its worker as the same process number. A worker without a lease (an older version,
        a batch run) is left to RQ's own heartbeat.
        """
        now = redis_now(self.connection)
        leases = {name.decode(): float(expires) for name, expires in self.connection.hgetall(LEASES).items()}
        for queue in self.queues:
            registry = queue.started_job_registry
            for job_id, execution_id in registry.get_job_and_execution_ids(cleanup=False):
                try:
                    execution = Execution.fetch(execution_id, job_id, self.connection)
                except ValueError:  # its record expired with its heartbeat: RQ's clean-up takes it
                    continue
                expires = leases.get(execution.worker_name)
                if execution.worker_name != self.name and expires is not None and expires < now:
                    self.connection.zadd(registry.key, {execution.composite_key: 0}, xx=True)
        forgotten = [name for name, expires in leases.items() if expires < now - FORGET_LEASES_AFTER]
        if forgotten:
            self.connection.hdel(LEASES, *forgotten)
        super().clean_registries()
