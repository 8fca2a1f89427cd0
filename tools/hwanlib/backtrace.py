"""Turning a panic's `Call stack: 0x... 0x...` line into names and source lines.

Each address is looked up with `addr2line -f -i` in the kernel's ELF file.
Most addresses on a call stack are return addresses: they point just after a
call instruction, which may already belong to the next source line or, after a
call that never returns (panic), to the next function. So the lookup uses
ADDRESS - 1, which is inside the call; the address shown is the one the kernel
printed. The one exception is the address where a trap happened, which the
register dump shows as `rip=...`: it is looked up as it is. With -i, a frame
whose code was inlined shows the whole chain, innermost first.
"""

import os
import re
import shutil
import subprocess

HEADER = "Call stack, symbolized by addr2line:"
CALL_STACK_LINE = re.compile(r"Call stack:(?P<addresses>( +0x[0-9a-fA-F]+)*) *")
TRAP_RIP = re.compile(r"\brip=(?:0x)?(?P<rip>[0-9a-fA-F]+)\b")


def call_stack(lines):
    """Return the addresses (ints) of the last `Call stack:` line in LINES, or []."""
    stacks = [m.group("addresses") for m in map(CALL_STACK_LINE.fullmatch, lines) if m]
    if not stacks:
        return []
    return [int(word, 16) for word in stacks[-1].split()]


def trap_addresses(lines):
    """Return the set of `rip=` values in LINES: addresses where a trap
    happened, which are not return addresses."""
    return {int(match.group("rip"), 16) for line in lines for match in TRAP_RIP.finditer(line)}


def symbolize(addresses, elf, root, exact=frozenset()):
    """Return the lines of a readable backtrace of ADDRESSES in the file ELF.

    Addresses in EXACT are looked up as they are, the others as return
    addresses. Each frame reads `0xADDR: function (file:line)`; source paths
    are shown relative to ROOT when they are inside it. If the ELF file or
    addr2line is missing, the lines say so instead.
    """
    if not os.path.exists(elf):
        return [HEADER, f"  (cannot symbolize: {elf} not found)"]
    if not shutil.which("addr2line"):
        return [HEADER, "  (cannot symbolize: addr2line not found; install binutils)"]
    lookups = [a if a in exact else max(a - 1, 0) for a in addresses]
    frames = _addr2line(elf, lookups)
    report = [HEADER]
    for address, chain in zip(addresses, frames):
        report += _frame_lines(address, chain, root)
    return report


def _addr2line(elf, addresses):
    """Run addr2line once; return per address a list of (function, location).

    With -a, addr2line prints each address before its answer; that is how the
    answers are told apart, since with -i one address may give several.
    """
    command = ["addr2line", "-a", "-f", "-i", "-e", elf] + [hex(a) for a in addresses]
    output = subprocess.run(command, capture_output=True, text=True).stdout
    frames = []
    lines = output.splitlines()
    index = 0
    while index < len(lines):
        if lines[index].startswith("0x"):
            frames.append([])
            index += 1
        elif index + 1 < len(lines) and frames:
            frames[-1].append((lines[index], lines[index + 1]))
            index += 2
        else:
            index += 1
    return frames


def _frame_lines(address, chain, root):
    """Return the output lines for one frame: the innermost function first,
    then each function it was inlined into."""
    prefix = f"  {address:#x}: "
    if not chain:
        return [prefix + "??"]
    lines = []
    for depth, (function, location) in enumerate(chain):
        lead = prefix if depth == 0 else " " * len(prefix) + "inlined into "
        lines.append(f"{lead}{function} ({_short_location(location, root)})")
    return lines


def _short_location(location, root):
    """Return LOCATION (`/path/file.c:42 (discriminator 3)`) as `file.c:42`,
    the path relative to ROOT if it lies inside it."""
    location = re.sub(r" \(discriminator \d+\)$", "", location)
    prefix = os.path.join(root, "")
    return location[len(prefix):] if location.startswith(prefix) else location
