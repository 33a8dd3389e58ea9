"""A task worker killed (SIGKILL) in the middle of a task: the task runs again, its effect once.

On the database queue (one machine, docs/deploy.md): the worker restarted by the process
manager finds the task its predecessor left running and runs it again. On Redis (RQ) the
worker whose forked work process was killed queues the task again; when the whole worker
dies with its work process, the worker started in its place, or another worker of the
machine, runs it again. A task that fails by itself is not run again.
"""

import os
import signal
import time

from .conftest import FAULT_MARKS, wait_until

pytestmark = FAULT_MARKS


def _runs(site, key: str) -> int:
    return site.count("SELECT count(*) FROM faults_run WHERE key = %s", [key])


def _effects(site, key: str) -> int:
    return site.count("SELECT count(*) FROM faults_effect WHERE key = %s", [key])


def _outcome(site, env: dict, task_id: str) -> list:
    """The task's status as Django reports it, and how many tasks RQ holds as failed."""
    return site.django(
        f"""
        import django_rq
        from django_tasks import default_task_backend
        status = default_task_backend.get_result({task_id!r}).status
        result = [status, django_rq.get_queue("default").failed_job_registry.count]
        """,
        env,
    )


def _start_and_kill_whole_worker(site, processes, env: dict, key: str) -> str:
    """Enqueue a slow task, and kill (SIGKILL) the worker running it and then its work process,
    as when the machine loses power; return the task's id."""
    task_id = site.django(
        f"from tests.faults.tasks import record_effect; result = record_effect.enqueue({key!r}, pause=20).id", env
    )
    wait_until(lambda: _runs(site, key) == 1, timeout=30, what="the task to start")
    horse, worker_pid = site.postgres.query("SELECT pid, worker FROM faults_run WHERE key = %s", [key])[0]
    (worker,) = [process for process in processes.started if process.pid == worker_pid]
    processes.kill(worker)  # first the worker, so that it cannot see its work process die
    os.kill(horse, signal.SIGKILL)  # the work process has a process group of its own
    assert _effects(site, key) == 0
    return task_id


def test_a_task_whose_worker_is_killed_runs_again_and_takes_effect_once(site, processes, clean_queue):
    site.django("from tests.faults.tasks import record_effect; record_effect.enqueue('killed-mid-task', pause=20)")
    first = processes.worker(site.env)
    wait_until(lambda: _runs(site, "killed-mid-task") == 1, timeout=30, what="the task to start")
    processes.kill(first)
    assert _effects(site, "killed-mid-task") == 0  # killed before its effect

    processes.worker(site.env)  # the process manager starts the worker again
    wait_until(lambda: _effects(site, "killed-mid-task") == 1, timeout=60, what="the task to run again")
    assert _runs(site, "killed-mid-task") == 2
    status = site.postgres.query("SELECT status FROM django_tasks_database_dbtaskresult")
    wait_until(
        lambda: site.postgres.query("SELECT status FROM django_tasks_database_dbtaskresult") == [("SUCCESSFUL",)],
        timeout=10,
        what=f"the task to be recorded as done (is {status})",
    )


def test_a_mail_whose_worker_is_killed_mid_send_is_delivered_once(site, processes, smtp, clean_queue):
    """The real delivery task, killed while the SMTP server is slow to answer, sends the mail once."""
    env = {**site.env, "OUTBOX_STALE_CLAIM_SECONDS": "2"}
    smtp.recorder.delay_rcpt = 20  # the worker waits on the relay: the kill lands mid-send
    site.django(
        "from django.core.mail import send_mail; send_mail('Killed mid-send', 'Body', None, ['k@example.org'])", env
    )
    first = processes.worker(env)
    wait_until(lambda: smtp.recorder.rcpt_seen, timeout=30, what="the worker to talk to the relay")
    processes.kill(first)
    assert site.postgres.query("SELECT status FROM notifications_outboxmessage") == [("sending",)]

    smtp.recorder.delay_rcpt = 0
    time.sleep(2.5)  # the dead worker's claim on the message goes stale (OUTBOX_STALE_CLAIM_SECONDS)
    processes.worker(env)
    wait_until(lambda: len(smtp.messages) >= 1, timeout=60, what="the mail to be delivered after the restart")
    wait_until(
        lambda: site.postgres.query("SELECT status FROM notifications_outboxmessage") == [("sent",)],
        timeout=10,
        what="the message to be marked sent",
    )
    assert [rcpt for _from, rcpt, _content in smtp.messages] == [["k@example.org"]]


def test_on_redis_a_task_whose_work_horse_is_killed_runs_again(site, processes, clean_queue):
    env = site.with_redis()
    site.django("from tests.faults.tasks import record_effect; record_effect.enqueue('rq-killed', pause=20)", env)
    processes.worker(env)
    wait_until(lambda: _runs(site, "rq-killed") == 1, timeout=30, what="the task to start")
    (horse,) = site.postgres.query("SELECT pid FROM faults_run WHERE key = 'rq-killed'")[0]
    os.kill(horse, signal.SIGKILL)  # what the kernel's out-of-memory killer does
    processes.worker(env)
    wait_until(lambda: _effects(site, "rq-killed") == 1, timeout=8, what="the task to run again")
    assert _runs(site, "rq-killed") == 2


def test_on_redis_a_task_whose_whole_worker_is_killed_runs_again_once_when_it_restarts(site, processes, clean_queue):
    env = site.with_redis()
    processes.worker(env)
    task_id = _start_and_kill_whole_worker(site, processes, env, "rq-worker-killed")

    processes.worker(env)  # the process manager starts the worker again
    # Once its lease has run out (LEASE_SECONDS), at the new worker's next look (MAINTENANCE_SECONDS).
    wait_until(lambda: _effects(site, "rq-worker-killed") == 1, timeout=60, what="the task to run again")
    time.sleep(2)  # a third run would show now
    assert _runs(site, "rq-worker-killed") == 2
    assert _outcome(site, env, task_id) == ["SUCCESSFUL", 0]


def test_on_redis_another_worker_runs_the_task_of_a_worker_killed_whole(site, processes, clean_queue):
    env = site.with_redis()
    processes.worker(env)
    processes.worker(env)
    task_id = _start_and_kill_whole_worker(site, processes, env, "rq-other-worker")

    # The surviving worker looks for abandoned tasks every MAINTENANCE_SECONDS, and finds the
    # killed one's lease run out after LEASE_SECONDS.
    wait_until(lambda: _effects(site, "rq-other-worker") == 1, timeout=60, what="another worker to run it")
    time.sleep(2)
    assert _runs(site, "rq-other-worker") == 2
    assert _outcome(site, env, task_id) == ["SUCCESSFUL", 0]


def test_on_redis_a_task_that_fails_by_itself_is_not_run_again(site, processes, clean_queue):
    env = site.with_redis()
    task_id = site.django(
        "from tests.faults.tasks import record_failure; result = record_failure.enqueue('rq-bug').id", env
    )
    processes.worker(env)
    wait_until(lambda: _outcome(site, env, task_id) == ["FAILED", 1], timeout=30, what="the task to fail")
    time.sleep(2)
    assert _runs(site, "rq-bug") == 1
