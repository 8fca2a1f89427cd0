"""The QEMU command line that boots the kernel.

Everything about how the virtual machine is put together lives in qemu_command():
a new device or option (a disk image, a debugger port) is one more line there and
nowhere else. The options are spelled out in full, never left to QEMU's defaults,
so the command means the same with or without `-nodefaults`.
"""

import shutil
from dataclasses import dataclass, field

QEMU = "qemu-system-x86_64"
QEMU_PACKAGE = "qemu-system-x86"   # the Debian 12 package that provides QEMU

# Writing V to this port makes QEMU exit with status (V << 1) | 1.
DEBUG_EXIT_DEVICE = "isa-debug-exit,iobase=0xf4,iosize=0x04"


DISK_INTERFACES = ("virtio", "pio")   # --disk-bus: virtio-blk on PCI, or ATA programmed I/O
DEFAULT_DISK = "virtio"
VIRTIO_BLK_DEVICE = "virtio-blk-pci"

# --ram: how the host backs the guest's RAM.  "prealloc": a memfd (4 KiB shared
# memory pages) the host fills in before the guest starts, so guest RAM behaves
# like RAM: its first write by the kernel or by a disk's DMA costs what any
# other write costs.  "lazy": QEMU's default, anonymous memory the host backs
# on first touch, as transparent huge pages where it can (QEMU asks for them),
# compacting host memory on the spot when none is free (see docs/benchmarks.md,
# "How the host backs guest RAM").
RAM_BACKINGS = ("prealloc", "lazy")
DEFAULT_RAM = "prealloc"


@dataclass
class Drive:
    """A raw disk image, attached as INTERFACE (one of DISK_INTERFACES).

    The index says which disk it is. On the IDE controller ("pio") index 0 is
    channel 0 master (hda), 1 channel 0 slave (hdb), 2 channel 1 master (hdc),
    3 channel 1 slave. As a virtio-blk PCI device ("virtio") the disk gets the
    serial number vda, vdb, vdc... by index, which the kernel takes as its
    name. One image file may be attached only once.
    """
    path: str
    index: int
    interface: str = DEFAULT_DISK
    blkdebug: str | None = None   # blkdebug rules file: inject errors (see disks.py)


@dataclass
class Machine:
    """What to boot and on what virtual hardware."""
    kernel: str                      # flat Multiboot v1 image
    cmdline: str                     # the kernel command line (see kernel_cmdline)
    mem_mb: int = 32
    ram: str = DEFAULT_RAM           # one of RAM_BACKINGS
    cpu: str = "qemu64"              # QEMU CPU model (-cpu); `max` has SMEP and SMAP
    interactive: bool = False        # the terminal talks to the serial port
    gdb_port: int | None = None      # wait for gdb on this TCP port
    debug_exit: bool = True          # False: no isa-debug-exit, so ACPI power-off
    drives: list[Drive] = field(default_factory=list)
    trace_port: str | None = None    # file that receives the trace stream
    trace_channel: str = "virtio"    # how: a virtio console, or "serial" (COM2)


def find_qemu():
    """Return the path of qemu-system-x86_64, or None if it is not installed."""
    return shutil.which(QEMU)


def kernel_cmdline(kernel_args, words):
    """Return the kernel command line: the --kernel-args words, then WORDS.

    Words are passed verbatim, separated by one space. A word that contains
    white space (for example `run 'echo hello'` typed in the shell, which
    arrives as the two words `run` and `echo hello`) is put back in single
    quotes, so the kernel can still tell where it begins and ends.
    """
    quoted = [_quote_word(word) for word in words]
    return " ".join(part for part in [kernel_args.strip(), *quoted] if part)


def _quote_word(word):
    """Return WORD, wrapped in single quotes if it is empty or has white space."""
    if word == "" or any(ch.isspace() for ch in word):
        return "'" + word + "'"
    return word


def qemu_command(machine, qemu=QEMU):
    """Return the argument list that boots MACHINE with the QEMU binary QEMU.

    The CPU is emulated (TCG): KVM is never used. A triple fault stops the
    machine instead of rebooting it. The serial port is this process's
    stdin/stdout; in interactive mode it also carries QEMU's monitor, so that
    Ctrl-A X quits. Without the isa-debug-exit device the kernel powers off
    through ACPI and QEMU exits 0. Drives are raw images, each a
    virtio-blk PCI device or a disk on the IDE controller (_drive_arguments),
    through QEMU's blkdebug driver when errors are injected, which then reaches
    the guest as a device error; an IDE index without a drive is left to QEMU
    (index 2 then gets an empty CD-ROM, which the kernel ignores). With a trace
    port, the kernel's trace (never console text) goes into that file through a
    virtio console, or through COM2 if the trace channel is "serial".
    """
    command = [
        qemu,
        "-kernel", machine.kernel,
        "-append", machine.cmdline,
        *_memory_arguments(machine),
        "-accel", "tcg",
        "-cpu", machine.cpu,
        "-display", "none",
        "-monitor", "none",
        "-serial", "mon:stdio" if machine.interactive else "stdio",
        "-no-reboot",
    ]
    if machine.trace_port is not None:
        command += _trace_arguments(machine)
    if machine.debug_exit:
        command += ["-device", DEBUG_EXIT_DEVICE]
    for drive in machine.drives:
        command += _drive_arguments(drive)
    if machine.gdb_port is not None:
        command += ["-S", "-gdb", f"tcp::{machine.gdb_port}"]
    return command


def _memory_arguments(machine):
    """Return the QEMU arguments that give MACHINE its RAM, backed as machine.ram
    says (RAM_BACKINGS)."""
    size = ["-m", str(machine.mem_mb)]
    if machine.ram == "lazy":
        return size
    backend = f"memory-backend-memfd,id=ram,size={machine.mem_mb}M,prealloc=on"
    return ["-object", backend, "-machine", "memory-backend=ram", *size]


def _trace_arguments(machine):
    """Return the QEMU arguments that send the trace into machine.trace_port:
    a second -serial (COM2), or a virtio console on a virtio-serial PCI
    device (the kernel uses it when it finds one)."""
    path = machine.trace_port.replace(",", ",,")
    if machine.trace_channel == "serial":
        return ["-serial", f"file:{path}"]           # the second -serial is COM2
    return ["-device", "virtio-serial-pci",
            "-chardev", f"file,id=trace,path={path}",
            "-device", "virtconsole,chardev=trace"]


def _drive_arguments(drive):
    """Return the QEMU arguments that attach DRIVE: one -drive for an IDE disk;
    for a virtio disk a -drive without a device (if=none) and the
    virtio-blk-pci -device that shows it to the kernel."""
    if drive.interface == "pio":
        return ["-drive", f"{_drive_backend(drive)},if=ide,index={drive.index}"]
    node = f"disk{drive.index}"
    serial = "vd" + chr(ord("a") + drive.index)
    return ["-drive", f"{_drive_backend(drive)},if=none,id={node}",
            "-device", f"{VIRTIO_BLK_DEVICE},drive={node},serial={serial}"]


def _drive_backend(drive):
    """Return the part of the -drive value that names DRIVE's image and format
    (QEMU wants commas in names doubled)."""
    path = drive.path.replace(",", ",,")
    if drive.blkdebug is None:
        return f"file={path},format=raw"
    rules = drive.blkdebug.replace(",", ",,")
    return f"file=blkdebug:{rules}:{path},format=raw,werror=report,rerror=report"
