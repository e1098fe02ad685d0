"""Background work: the task runner, the queues (arq and in-process) and the scheduler."""
