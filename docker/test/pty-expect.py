#!/usr/bin/env python3
"""Drive an interactive command through a real pseudo-terminal, like a person at a keyboard.

    pty-expect.py [--timeout S] [--secret-env VAR]... STEPS -- command [args...]

STEPS is a file of lines, one step each (blank lines and lines starting with # are skipped):

    expect REGEX      wait until REGEX (Python re) appears after what the previous expect matched
    send TEXT         type TEXT followed by Enter (a carriage return)
    sendenv VAR       type the value of environment variable VAR followed by Enter (for
                      passwords: they stay off the command line and out of the STEPS file)

The command's output (ANSI escapes removed) goes to the --log file (and to stderr when a step
fails); stdout gets the lines each step matched, so a CI log shows the dialogue. The exit status is
the command's, or 124 when a step times out. With --secret-env VAR, the run fails (status 125)
when the value of VAR appears anywhere in what the command printed (a password must never be
echoed). The same kind of driver as test/cli/pty.ts, in Python's standard library, so a shell
script can use it.
"""
import argparse
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds for each expect")
    parser.add_argument("--secret-env", action="append", default=[])
    parser.add_argument("--log", help="write the whole transcript here")
    parser.add_argument("steps")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")
    steps = []
    with open(args.steps, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            verb, _, rest = line.partition(" ")
            if verb not in ("expect", "send", "sendenv"):
                parser.error(f"unknown step: {line}")
            steps.append((verb, rest))

    pid, fd = pty.fork()
    if pid == 0:
        # A roomy terminal, so prompts and the long license key do not wrap.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        os.environ.setdefault("TERM", "xterm")
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)

    raw = bytearray()
    seen = 0

    def pump(wait: float) -> bool:
        """Reads what the command printed; False once the terminal is closed."""
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        raw.extend(chunk)
        return True

    def screen() -> str:
        return ANSI.sub(b"", bytes(raw)).decode("utf-8", "replace")

    def write_log() -> None:
        if args.log:
            with open(args.log, "w", encoding="utf-8") as f:
                f.write(screen())

    def type_line(text: str) -> None:
        # Key by key in small pieces, as a terminal delivers typing.
        data = (text + "\r").encode()
        for i in range(0, len(data), 64):
            os.write(fd, data[i : i + 64])
            time.sleep(0.01)

    open_ = True
    for verb, arg in steps:
        if verb == "expect":
            pattern = re.compile(arg)
            deadline = time.monotonic() + args.timeout
            while True:
                m = pattern.search(screen(), seen)
                if m:
                    seen = m.end()
                    print(f"  [pty] saw: {m.group(0)}", flush=True)
                    break
                if not open_ or time.monotonic() > deadline:
                    sys.stderr.write(f"{screen()[-4000:]}\npty-expect: did not see /{arg}/ within {args.timeout:.0f} s\n")
                    write_log()
                    if open_:
                        os.kill(pid, signal.SIGTERM)
                    return 124
                open_ = pump(0.1)
        elif verb == "send":
            print(f"  [pty] typed: {arg}", flush=True)
            type_line(arg)
        else:
            value = os.environ.get(arg)
            if value is None:
                sys.stderr.write(f"pty-expect: environment variable {arg} is not set\n")
                os.kill(pid, signal.SIGTERM)
                return 2
            print(f"  [pty] typed: ${arg} ({len(value)} characters, not shown)", flush=True)
            type_line(value)

    # Read the rest until the command exits.
    deadline = time.monotonic() + args.timeout
    while open_ and time.monotonic() < deadline:
        open_ = pump(0.2)
    if open_:
        sys.stderr.write(f"\npty-expect: the command did not exit within {args.timeout:.0f} s\n")
        os.kill(pid, signal.SIGTERM)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    write_log()
    if code != 0:
        sys.stderr.write(f"{screen()[-4000:]}\npty-expect: the command exited with status {code}\n")
    for var in args.secret_env:
        value = os.environ.get(var)
        if value and value.encode() in raw:
            sys.stderr.write(f"pty-expect: the value of {var} appeared in the output\n")
            return 125
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
