"""hwanlib: the host-side tools that boot the hwan kernel and judge what it said.

The modules, in the order a run passes through them:

    cli        reads `hwan run` options and tells the story of one run
    disks      makes the disk images of a run (mke2fs) and checks them after (e2fsck)
    qemu       builds the QEMU command line (the one place that knows QEMU's options)
    session    starts QEMU, streams the serial transcript, enforces the time limit
    verdict    reads the transcript and QEMU's exit status and decides the outcome
    backtrace  turns a panic's `Call stack:` line into function names and lines
    casefile   reads the expected-output files under tests/cases (for tests/check.py)
    matching   compares expected lines with a transcript (for tests/check.py)
"""
