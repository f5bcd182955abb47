#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs a program with its stdout and stderr on a pseudo-terminal and prints all it
wrote there, once it has ended; exits with its status.

    python3 tests/on_tty.py PROGRAM ARGS...

For the tests of what the program does on a terminal (the progress bar). script(1)
may stop reading when its own stdin ends first, and lose the output of a run that
ends while the machine is busy; this reads the terminal until the program has closed
it, whatever the timing.
"""
import errno
import os
import subprocess
import sys


def main():
    master, slave = os.openpty()
    child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=slave,
                             stderr=slave, close_fds=True)
    os.close(slave)
    out = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError as e:
            if e.errno == errno.EIO:  # every writer closed the terminal
                break
            raise
        if not chunk:
            break
        out += chunk
    os.close(master)
    status = child.wait()
    sys.stdout.buffer.write(bytes(out))
    sys.exit(status if status >= 0 else 128 - status)


main()
