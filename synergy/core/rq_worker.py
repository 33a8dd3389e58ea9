"""The RQ worker Synergy runs when the task queue is on Redis."""

import logging

from rq.worker import Worker

logger = logging.getLogger(__name__)

# How many times a task whose work process was killed is run again.
KILLED_RETRIES = 3


class RetryKilledWorker(Worker):
    """Run a task again when the process running it was killed (out of memory, a deploy).

    RQ runs each task in a forked work process and marks the task failed for good when that
    process dies, because Synergy's tasks are enqueued without retries. A task killed from
    outside did not fail on its own: it is queued again, up to ``KILLED_RETRIES`` times, so
    that one that kills its process every time cannot loop for ever. Every Synergy task is
    safe to run twice.
    """

    def handle_work_horse_killed(self, job, retpid, ret_val, rusage):
        super().handle_work_horse_killed(job, retpid, ret_val, rusage)
        kills = job.meta.get("synergy_kills", 0) + 1
        job.meta["synergy_kills"] = kills
        job.save_meta()
        if kills <= KILLED_RETRIES and not job.retries_left:
            job.retries_left = 1  # read by handle_job_failure, which runs next and requeues it
            job.retry_intervals = [0]
            logger.warning("task %s lost its work process (%s); it runs again", job.id, ret_val)
