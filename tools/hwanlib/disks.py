"""The disk images of one run: made fresh in a temporary folder, checked after.

Three disks, each at a fixed index (the kernel's default roles), attached
as virtio-blk PCI disks (vdX, the default) or IDE disks (hdX, --disk-bus pio):

    index 0  vda/hda  file-system disk  a fresh ext2 image holding the --put
                                        files (or empty: --fs-size alone), or
                                        a copy of an existing image (--fs-image)
    index 1  vdb/hdb  swap disk         zeroed raw image (--swap MB)
    index 2  vdc/hdc  scratch disk      zeroed raw image (--scratch MB)

The ext2 image is made by `mke2fs -d STAGING`, which copies a folder into the
new file system without root rights. The staging folder holds each --put file
under its name in the image. After the run, `e2fsck -fn` says whether the
kernel left the file system consistent; it never changes the image.

Everything lives in a temporary folder that Workspace removes when the run
is over; keep_image() copies the file-system image out first if asked.
"""

import math
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field

from .qemu import Drive

FS_INDEX, SWAP_INDEX, SCRATCH_INDEX = 0, 1, 2
MIB = 1 << 20
MIN_FS_MB = 8                     # the smallest file system made for --put
SPARE_MB = 4                      # room beyond twice the content
LASTING_SPARE_MB = 28             # more room in a new lasting image (--disk)
BLOCK_SIZES = (1024, 2048, 4096)
ENTRY_BYTES = 4096                # what a file or folder costs at least, roughly
E2FSPROGS_PACKAGE = "e2fsprogs"
SYSTEM_BIN = ("/usr/sbin", "/sbin")   # where mke2fs and e2fsck live, often not on PATH
FSCK_HEADER = "e2fsck -fn output:"     # printed before e2fsck's report after the transcript


class DiskError(Exception):
    """A disk image cannot be made (a missing file, a failing mke2fs, ...)."""


@dataclass(frozen=True)
class Put:
    """A host file (or folder) to copy into the file system under NAME."""
    host: str
    name: str


@dataclass
class DiskPlan:
    """Which disks a run gets, as the command line asks."""
    puts: list[Put] = field(default_factory=list)
    fs_size_mb: int | None = None        # None: fit the content
    fs_block_size: int | None = None     # None: mke2fs's choice
    fs_image: str | None = None          # attach a copy of this image instead
    swap_mb: int | None = None
    scratch_mb: int | None = None
    disk: str | None = None              # a lasting image, used in place (--disk)
    lost_found: bool = True              # False: a new file system has no /lost+found
    faults: list = field(default_factory=list)   # Fault items (injected errors)

    @property
    def fresh_fs(self):
        """True if the run gets a newly made ext2 file system."""
        return bool(self.puts) or self.fs_size_mb is not None or self.fs_block_size is not None

    @property
    def has_fs(self):
        """True if the run gets a file-system disk at all."""
        return self.fresh_fs or self.fs_image is not None or self.disk is not None


@dataclass
class Disks:
    """The image files made for a run; None for a disk it does not have.
    BLKDEBUG maps a disk name (fs, swap, scratch) to its blkdebug rules file."""
    fs: str | None = None
    swap: str | None = None
    scratch: str | None = None
    blkdebug: dict = field(default_factory=dict)

    def drives(self, interface):
        """Return the qemu.Drive list that attaches these images as INTERFACE
        (one of qemu.DISK_INTERFACES)."""
        attached = [(self.fs, FS_INDEX, "fs"), (self.swap, SWAP_INDEX, "swap"),
                    (self.scratch, SCRATCH_INDEX, "scratch")]
        return [Drive(path, index, interface, self.blkdebug.get(name))
                for path, index, name in attached if path is not None]


def parse_put(text):
    """Return the Put that `HOSTPATH[:NAME]` describes (split at the last colon).

    NAME defaults to the base name of HOSTPATH; it may name folders, as in
    `data/big.bin`, but must stay inside the file system.
    """
    host, colon, name = text.rpartition(":")
    if not colon:
        host, name = text, os.path.basename(os.path.normpath(text))
    if not host:
        raise DiskError(f"'{text}' names no host file (want HOSTPATH[:NAME])")
    return Put(host, image_name(name, text))


def image_name(name, text):
    """Return NAME, a path inside the image, tidied up; TEXT is the --put item
    for messages. Absolute names and `..` are refused."""
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if name.startswith("/") or not parts or ".." in parts:
        raise DiskError(f"'{text}': the name in the image must be a relative path "
                        "without '..' (like data/big.bin)")
    return "/".join(parts)


def find_tool(name):
    """Return the path of the e2fsprogs program NAME; raise DiskError if it is missing."""
    search = os.pathsep.join([os.environ.get("PATH", ""), *SYSTEM_BIN])
    path = shutil.which(name, path=search)
    if path is None:
        raise DiskError(f"{name} not found; install it with: "
                        f"sudo apt-get install -y {E2FSPROGS_PACKAGE}")
    return path


class Workspace:
    """A temporary folder for the images of one run, removed on leaving the
    `with` block (also when the run is interrupted)."""

    def __enter__(self):
        """Create the folder; return its path."""
        self.folder = tempfile.mkdtemp(prefix="hwan-disks-")
        return self.folder

    def __exit__(self, *exc):
        """Remove the folder and everything in it."""
        shutil.rmtree(self.folder, ignore_errors=True)
        return False


def make_disks(plan, folder):
    """Make the images PLAN asks for in FOLDER; return the Disks."""
    disks = Disks()
    if plan.disk is not None:
        disks.fs = lasting_disk(plan, folder)
    elif plan.fs_image is not None:
        disks.fs = copy_image(plan.fs_image, os.path.join(folder, "fs.img"))
    elif plan.fresh_fs:
        disks.fs = make_file_system(plan, folder)
    if plan.swap_mb is not None:
        disks.swap = zeroed_image(os.path.join(folder, "swap.img"), plan.swap_mb)
    if plan.scratch_mb is not None:
        disks.scratch = zeroed_image(os.path.join(folder, "scratch.img"), plan.scratch_mb)
    for name in FAULT_DISKS:
        faults = [fault for fault in plan.faults if fault.disk == name]
        image = getattr(disks, name)
        if faults and image is None:
            raise DiskError(f"--disk-error on the {name} disk, but the run has none")
        if faults:
            disks.blkdebug[name] = write_blkdebug(
                faults, image, os.path.join(folder, f"{name}.blkdebug"))
    return disks


def lasting_disk(plan, folder):
    """Return the path of PLAN's lasting image (--disk), used in place so that
    what the kernel writes survives the run.  A missing image is made like a
    fresh file system, with LASTING_SPARE_MB more room; an existing one is
    first repaired if a run was cut short (`e2fsck -p`), then gets PLAN's
    --put files, which replace files of the same name.  Without lost_found,
    an empty /lost+found (e2fsck makes one) is removed each time."""
    path = plan.disk
    if not os.path.exists(path):
        made = make_file_system(plan, folder, LASTING_SPARE_MB)
        try:
            shutil.move(made, path)
        except OSError as error:
            raise DiskError(f"cannot make the disk {path}: {error.strerror}") from error
        return path
    repair(path)
    if not plan.lost_found:
        drop_lost_found(path)
    write_into(path, plan.puts)
    return path


def repair(path):
    """Check the lasting image PATH and repair what a cut-short run left
    (`e2fsck -fp`); raise DiskError if it cannot be repaired."""
    done = subprocess.run([find_tool("e2fsck"), "-fp", path], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    if done.returncode >= 4:
        said = done.stdout.decode("utf-8", errors="replace").strip().replace("\n", "; ")
        raise DiskError(f"{path} is damaged beyond e2fsck -p: {said}")


def write_into(path, puts):
    """Copy the host files of PUTS into the existing ext2 image PATH under
    their names, replacing files of those names (one debugfs run; folders
    are made as needed)."""
    commands = []
    for put in puts:
        if not os.path.isfile(put.host):
            raise DiskError(f"--put {put.host}: only files can be added to an existing disk")
        folder, _, name = put.name.rpartition("/")
        parts = folder.split("/") if folder else []
        commands += [f'mkdir "/{"/".join(parts[:i + 1])}"' for i in range(len(parts))]
        commands += [f'cd "/{folder}"', f'rm "{name}"',
                     f'write "{os.path.abspath(put.host)}" "{name}"']
    if not commands:
        return
    done = subprocess.run([find_tool("debugfs"), "-w", "-f", "-", path],
                          input="\n".join(commands).encode(), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        raise DiskError(f"debugfs could not write the --put files into {path}")


def copy_image(source, path):
    """Copy the image SOURCE to PATH (the original is never attached); return PATH."""
    if not os.path.isfile(source):
        raise DiskError(f"--fs-image: no such file: {source}")
    try:
        shutil.copyfile(source, path)
    except OSError as error:
        raise DiskError(f"cannot copy {source}: {error.strerror}") from error
    return path


def zeroed_image(path, size_mb):
    """Create a raw image of SIZE_MB MiB of zeros at PATH (a sparse file); return PATH."""
    with open(path, "wb") as file:
        file.truncate(size_mb * MIB)
    return path


def make_file_system(plan, folder, spare_mb=0):
    """Make a fresh ext2 image in FOLDER holding PLAN's --put files, with
    SPARE_MB more room than it needs (and no /lost+found if PLAN says so);
    return its path."""
    staging = os.path.join(folder, "staging")
    os.mkdir(staging)
    for put in plan.puts:
        stage(put, staging)
    size_mb = plan.fs_size_mb or fitting_size_mb(content_bytes(staging)) + spare_mb
    path = zeroed_image(os.path.join(folder, "fs.img"), size_mb)
    command = [find_tool("mke2fs"), "-q", "-F", "-t", "ext2"]
    if plan.fs_block_size is not None:
        command += ["-b", str(plan.fs_block_size)]
    if plan.puts:
        command += ["-d", staging]
    _run_tool(command + [path, f"{size_mb}M"], f"mke2fs could not make a {size_mb} MiB file system")
    if not plan.lost_found:
        drop_lost_found(path)
    return path


def drop_lost_found(path):
    """Remove /lost+found from the ext2 image PATH if it is there and empty
    (mke2fs makes it, e2fsck -p makes it again; a full one stays)."""
    subprocess.run([find_tool("debugfs"), "-w", "-R", "rmdir lost+found", path],
                   stdin=subprocess.DEVNULL, capture_output=True, check=False)


def stage(put, staging):
    """Copy the host file or folder of PUT into STAGING under its name."""
    if not os.path.exists(put.host):
        raise DiskError(f"--put: no such file: {put.host}")
    target = os.path.join(staging, put.name)
    if os.path.lexists(target):
        raise DiskError(f"--put: '{put.name}' is put in the image twice")
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.isdir(put.host):
            shutil.copytree(put.host, target, symlinks=True)
        else:
            shutil.copy2(put.host, target)
    except OSError as error:
        raise DiskError(f"--put {put.host}:{put.name}: {error.strerror or error}") from error


def content_bytes(staging):
    """Return roughly how many bytes the files under STAGING need in a file
    system: each file's size rounded up to ENTRY_BYTES, and ENTRY_BYTES per folder."""
    total = 0
    for folder, subfolders, files in os.walk(staging):
        total += ENTRY_BYTES * len(subfolders)
        for name in files:
            size = os.lstat(os.path.join(folder, name)).st_size
            total += max(1, math.ceil(size / ENTRY_BYTES)) * ENTRY_BYTES
    return total


def fitting_size_mb(content):
    """Return the file-system size in MiB for CONTENT bytes: twice the content
    plus SPARE_MB, at least MIN_FS_MB, rounded up to a whole MiB."""
    return max(MIN_FS_MB, math.ceil((2 * content + SPARE_MB * MIB) / MIB))


def fsck(path):
    """Run `e2fsck -fn` on the image PATH (read-only); return (exit status, output lines).

    It runs in the image's folder, so that its report names the image by its
    short name rather than a temporary path that will be gone.
    """
    folder, name = os.path.split(os.path.abspath(path))
    done = subprocess.run([find_tool("e2fsck"), "-fn", name], cwd=folder,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, check=False)
    return done.returncode, done.stdout.decode("utf-8", errors="replace").splitlines()


def keep_image(path, destination):
    """Copy the image PATH to DESTINATION (for debugfs or e2fsck by hand)."""
    try:
        shutil.copyfile(path, destination)
    except OSError as error:
        raise DiskError(f"cannot keep the disk at {destination}: {error.strerror}") from error


def _run_tool(command, failure):
    """Run COMMAND; if it fails, raise DiskError with FAILURE and what it said."""
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        said = done.stdout.decode("utf-8", errors="replace").strip().replace("\n", "; ")
        raise DiskError(f"{failure}: {said or f'exit status {done.returncode}'}")


# ---- injected disk errors (QEMU's blkdebug) ---------------------------------

FAULT_DISKS = ("fs", "swap", "scratch")
FAULT_OPS = ("read", "write")
EIO = 5


@dataclass(frozen=True)
class Fault:
    """One injected error: requests of OP (read or write) on DISK fail with EIO.

    WHERE is None (every request), a sector number, `@PATH[+N]`: the first
    sector of block N (default 0) of the file PATH in the file system, or
    `@PATH+inode`: the sector holding PATH's inode (both found with debugfs
    once the image is made). ONCE fails only the first
    matching request.
    """
    disk: str
    op: str
    where: str | None = None
    once: bool = False


def parse_fault(text):
    """Return the Fault that `DISK:OP[:WHERE][:once]` describes (see Fault)."""
    parts = text.split(":")
    once = parts[-1] == "once"
    if once:
        parts.pop()
    if len(parts) not in (2, 3) or parts[0] not in FAULT_DISKS or parts[1] not in FAULT_OPS:
        raise DiskError(f"'{text}': want DISK:OP[:SECTOR|:@PATH[+N]][:once] with DISK one of "
                        f"{', '.join(FAULT_DISKS)} and OP read or write")
    where = parts[2] if len(parts) == 3 and parts[2] != "all" else None
    if where is not None and not (where.isdigit() or where.startswith("@")):
        raise DiskError(f"'{text}': the place is a sector number or @PATH[+N]")
    if once and where is None:
        raise DiskError(f"'{text}': once needs a place (a SECTOR or @PATH)")
    if where is not None and where.startswith("@") and parts[0] != "fs":
        raise DiskError(f"'{text}': @PATH names a file, so only on the fs disk")
    return Fault(parts[0], parts[1], where, once)


def fault_sector(fault, image):
    """Return the sector FAULT names in the disk IMAGE, or None for every sector."""
    if fault.where is None:
        return None
    if fault.where.isdigit():
        return int(fault.where)
    path, _, block = fault.where[1:].partition("+")
    debugfs = find_tool("debugfs")
    name = "/" + path.lstrip("/")
    if block == "inode":
        return _inode_sector(debugfs, name, image)
    index = int(block) if block.isdigit() else 0
    found = _tool_output([debugfs, "-R", f"bmap {name} {index}", image])
    size = _tool_output([debugfs, "-R", "stats", image])
    block_size = [int(line.split()[-1]) for line in size.splitlines()
                  if line.startswith("Block size:")]
    if not found.strip().isdigit() or int(found) == 0 or not block_size:
        raise DiskError(f"--disk-error: block {index} of /{path} is not in the file system")
    return int(found) * block_size[0] // 512


def _inode_sector(debugfs, name, image):
    """Return the first sector of the inode-table block that holds the inode of
    the file NAME in IMAGE (debugfs imap: "... located at block B, offset O")."""
    found = _tool_output([debugfs, "-R", f"imap {name}", image])
    size = _tool_output([debugfs, "-R", "stats", image])
    place = re.search(r"located at block (\d+), offset (0x[0-9a-fA-F]+)", found)
    block_size = [int(line.split()[-1]) for line in size.splitlines()
                  if line.startswith("Block size:")]
    if place is None or not block_size:
        raise DiskError(f"--disk-error: no inode for {name} in the file system")
    return (int(place.group(1)) * block_size[0] + int(place.group(2), 16)) // 512


def write_blkdebug(faults, image, path):
    """Write the blkdebug rules for FAULTS on the disk IMAGE to the file PATH
    (one [inject-error] section each, EIO); return PATH."""
    sections = []
    for fault in faults:
        lines = ["[inject-error]", f'event = "{fault.op}_aio"', f'iotype = "{fault.op}"',
                 f'errno = "{EIO}"']
        sector = fault_sector(fault, image)
        if sector is not None:
            lines.append(f'sector = "{sector}"')
        if fault.once:
            lines.append('once = "on"')
        sections.append("\n".join(lines) + "\n")
    with open(path, "w", encoding="utf-8") as file:
        file.write("\n".join(sections))
    return path


def _tool_output(command):
    """Run COMMAND and return its standard output (its stderr is dropped)."""
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, check=False)
    return done.stdout.decode("utf-8", errors="replace")
