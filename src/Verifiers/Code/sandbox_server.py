# MidTrain sandbox server (embedded in MidTrain.Verifiers; started by WarmSandboxServer.cs). It is a warm,
# long-lived Python process and pid 1 of its own bubblewrap sandbox. It never runs untrusted code itself: it forks one
# child (W) per program, which builds a fresh world, and reports how the program ended.
#
# At start the server keeps only the two capabilities it needs to build worlds (CAP_SYS_ADMIN, CAP_SETPCAP), and sets
# what every program must have anyway, which fork and exec inherit: no_new_privs, a seccomp filter that denies the
# kernel keyrings (they belong to the user namespace, which outlives a program) and no ambient capabilities.
# Per program, in W:
#   - new mount and IPC namespaces: fresh size-capped tmpfs on /work, /tmp and /dev/shm, the program in a tmpfs /src
#     made read-only; no System V or POSIX IPC object outlives the program;
#   - each step (e.g. compile, then run) gets its rlimits, keeps no descriptor but stdin/stdout/stderr and drops the
#     last two capabilities, then execs or, for Python, runs in this already-initialised interpreter;
#   - a step before the last runs in a child of W; the last step is W itself.
# The server, as pid 1, ends every program with kill(-1, SIGKILL): every other process of the sandbox dies at once
# (daemons included; a process being killed cannot fork), at the wall-clock limit, when an output passes its cap, or
# when the program's main process exits. Processes inside the sandbox cannot signal pid 1 (the kernel drops signals to
# a namespace's init that it has no handler for, and this server has none) nor trace it (it keeps capabilities they
# lack, and it is not dumpable).
# Nothing a program changes reaches the next one: memory is the forked child's own, files live in mounts that die
# with W's mount namespace, and no process survives.
#
# Protocol on stdin/stdout (binary): a request is one JSON line followed by `source_len` bytes of source and
# `stdin_len` bytes of stdin; a response is one JSON line followed by each executed step's stdout and stderr bytes.
# The server writes one `{"ready": ...}` line at start and exits at end of input.
import ctypes
import gc
import json
import os
import resource
import select
import signal
import sys
import time

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND = 32, 4096
PR_SET_DUMPABLE, PR_SET_SECCOMP, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT = 4, 22, 24, 38, 47
STEP_FAILED_TO_START = 125

libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
libc.unshare.argtypes = [ctypes.c_int]
libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]


def check(result, what):
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, "%s: %s" % (what, os.strerror(err)))


def mount(source, target, fstype, flags, data=None):
    enc = lambda s: None if s is None else s.encode()
    check(libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), "mount " + target)


class SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]


def keyring_filter():
    """A seccomp program: add_key, request_key and keyctl fail with EPERM; calls of another ABI with ENOSYS."""
    machine = os.uname().machine
    if machine == "x86_64":
        arch, calls, foreign = 0xC000003E, (248, 249, 250), 0x40000000  # x32 numbers start there
    elif machine == "aarch64":
        arch, calls, foreign = 0xC00000B7, (217, 218, 219), None
    else:
        return None
    load, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    allow, eperm, enosys = 0x7FFF0000, 0x00050000 | 1, 0x00050000 | 38
    prog = [(load, 0, 0, 4), (jeq, 1, 0, arch), (ret, 0, 0, enosys), (load, 0, 0, 0)]
    if foreign is not None:
        prog += [(jge, 0, 1, foreign), (ret, 0, 0, enosys)]
    for nr in calls:
        prog += [(jeq, 0, 1, nr), (ret, 0, 0, eperm)]
    prog.append((ret, 0, 0, allow))
    array = (SockFilter * len(prog))(*[SockFilter(*p) for p in prog])
    return SockFprog(len(prog), array), array


SECCOMP = keyring_filter()
SERVER_ENV = dict(os.environ)
SERVER_MAIN = sys.modules["__main__"]  # the server's own module stays alive when a program installs its __main__


class CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("pid", ctypes.c_int)]


class CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint), ("permitted", ctypes.c_uint), ("inheritable", ctypes.c_uint)]


CAP_SETPCAP, CAP_SYS_ADMIN = 8, 21
SERVER_CAPABILITIES = (1 << CAP_SETPCAP) | (1 << CAP_SYS_ADMIN)  # to build worlds (mounts) and drop these two later


def set_capabilities(mask):
    data = (CapData * 2)()
    data[0].effective = data[0].permitted = mask
    check(libc.capset(ctypes.byref(CapHeader(0x20080522, 0)), data), "capset")


def confine_server():
    """Once, at start: what every program must have anyway is done here and inherited (it survives fork and exec)."""
    for cap in range(64):
        if not SERVER_CAPABILITIES & (1 << cap) and libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            break  # EINVAL past the last capability the kernel knows
    check(libc.prctl(PR_CAP_AMBIENT, 4, 0, 0, 0), "clear ambient capabilities")
    set_capabilities(SERVER_CAPABILITIES)
    check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    if SECCOMP is not None:
        check(libc.prctl(PR_SET_SECCOMP, 2, ctypes.addressof(SECCOMP[0]), 0, 0), "seccomp")
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # /proc/1 stays closed to the programs
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # no handler at all: the kernel then drops every signal to pid 1


def drop_privileges():
    for cap in (CAP_SYS_ADMIN, CAP_SETPCAP):
        check(libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), "drop capability %d" % cap)
    set_capabilities(0)


LIMITS = (("cpu", resource.RLIMIT_CPU), ("as", resource.RLIMIT_AS), ("nproc", resource.RLIMIT_NPROC),
          ("fsize", resource.RLIMIT_FSIZE), ("nofile", resource.RLIMIT_NOFILE), ("core", resource.RLIMIT_CORE))


def become_step(step, stdin_fd, out_w, err_w):
    os.dup2(stdin_fd, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    os.closerange(3, 1 << 20)
    os.setsid()
    libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # the server is not; a step is, as after any exec
    os.chdir("/work")
    limits = step["limits"]
    for key, which in LIMITS:
        if key in limits:
            resource.setrlimit(which, (limits[key], limits[key]))
    drop_privileges()


def run_python(path, env):
    """Runs the program as `python3 -u path` would, in this interpreter (whose streams are already -u's)."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    sys.argv = [path]
    sys.path[0] = os.path.dirname(path)
    main = type(sys)("__main__")
    main.__file__ = path
    main.__builtins__ = __builtins__
    sys.modules["__main__"] = main
    code = 0
    try:
        with open(path, "rb") as f:
            source = f.read()
        exec(compile(source, path, "exec", dont_inherit=True), main.__dict__)
    except SystemExit as e:
        code = exit_code(e.code)
    except KeyboardInterrupt:
        code = -signal.SIGINT
    except BaseException as e:
        tb = e.__traceback__.tb_next if e.__traceback__ is not None else None  # without this function's frame
        try:
            sys.excepthook(type(e), e.with_traceback(tb), tb)
        except BaseException:
            pass
        code = 1
    # What interpreter shutdown does: wait for non-daemon threads, run atexit callbacks, flush.
    try:
        if "threading" in sys.modules:
            sys.modules["threading"]._shutdown()
        import atexit
        atexit._run_exitfuncs()
    except SystemExit as e:
        code = exit_code(e.code)
    except BaseException:
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            code = code or 120
    if code < 0:  # an uncaught KeyboardInterrupt ends python3 by SIGINT
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    os._exit(code & 0xFF)


def exit_code(value):
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    try:
        print(value, file=sys.stderr)
    except BaseException:
        pass
    return 1


def run_exec(step):
    for sig in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT):
        signal.signal(sig, signal.SIG_DFL)
    argv = step["argv"]
    try:
        os.execve(argv[0], argv, step["env"])
    except OSError as e:
        os.write(2, ("midtrain sandbox: cannot run %s: %s\n" % (argv[0], e.strerror)).encode())
    os._exit(127)


def run_step(step, source_path, stdin_fd, out_w, err_w):
    try:
        become_step(step, stdin_fd, out_w, err_w)
        if step["kind"] == "python":
            run_python(source_path, None if step["env"] == SERVER_ENV else step["env"])
        run_exec(step)
    except BaseException as e:
        try:
            os.write(2, ("midtrain sandbox: cannot start the step: %r\n" % (e,)).encode())
        finally:
            os._exit(STEP_FAILED_TO_START)


def encode_status(status):
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else STEP_FAILED_TO_START


def world(request, source, stdin_data, step_pipes, status_w):
    """W: builds the program's private filesystem and runs its steps; the last one in itself."""
    try:
        # bubblewrap's mounts are private, and W's namespace belongs to a less privileged user namespace than theirs
        # (bwrap --disable-userns nests one), so the copies could at most receive propagation, never send it back.
        check(libc.unshare(CLONE_NEWNS | CLONE_NEWIPC), "unshare")
        size = "size=%d,mode=0755" % request["tmpfs_bytes"]
        for target in ("/work", "/tmp", "/dev/shm"):
            mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, size)
        mount("tmpfs", "/src", "tmpfs", MS_NOSUID | MS_NODEV, "size=%d,mode=0755" % (len(source) + (1 << 20)))
        source_path = "/src/" + request["source_name"]
        fd = os.open(source_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        write_all(fd, source)
        os.close(fd)
        mount(None, "/src", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
        null_fd = os.open("/dev/null", os.O_RDONLY)
        stdin_fd = null_fd
        if stdin_data:
            stdin_fd = os.memfd_create("stdin", 0)
            write_all(stdin_fd, stdin_data)
            os.lseek(stdin_fd, 0, os.SEEK_SET)
    except BaseException as e:
        os.write(step_pipes[0][1], ("midtrain sandbox: cannot prepare the program's filesystem: %s\n" % (e,)).encode())
        os._exit(STEP_FAILED_TO_START)

    steps = request["steps"]
    for index, step in enumerate(steps[:-1]):
        out_w, err_w = step_pipes[index]
        pid = os.fork()
        if pid == 0:
            run_step(step, source_path, stdin_fd if step.get("stdin") else null_fd, out_w, err_w)
        os.close(out_w)
        os.close(err_w)
        _, raw = os.waitpid(pid, 0)
        try:
            os.kill(-1, signal.SIGKILL)  # whatever the step left behind; spares pid 1 and W
        except ProcessLookupError:
            pass
        status = encode_status(raw)
        os.write(status_w, b"X %d\n" % status)
        if status != 0:
            os._exit(0)
    out_w, err_w = step_pipes[-1]
    run_step(steps[-1], source_path, stdin_fd if steps[-1].get("stdin") else null_fd, out_w, err_w)


class Input:
    def __init__(self, fd):
        self.fd, self.buffer = fd, bytearray()

    def fill(self):
        chunk = os.read(self.fd, 1 << 16)
        if not chunk:
            return False
        self.buffer += chunk
        return True

    def line(self):
        while b"\n" not in self.buffer:
            if not self.fill():
                return None
        i = self.buffer.index(b"\n")
        line = bytes(self.buffer[:i])
        del self.buffer[: i + 1]
        return line

    def exact(self, n):
        while len(self.buffer) < n:
            if not self.fill():
                raise EOFError("input ended inside a request")
        data = bytes(self.buffer[:n])
        del self.buffer[:n]
        return data


def write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def kill_all():
    try:
        os.kill(-1, signal.SIGKILL)  # every process of the sandbox but this one
    except ProcessLookupError:
        pass


def reap_all():
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def capture(step, out_r, err_r, max_output, done_fd, last):
    """Reads a step's stdout and stderr until both close and the step is done (done_fd readable: the program's main
    process exited, or W reported the step), whichever comes last; a program that closes its output does not escape
    the clock. Kills everything at the step's deadline, past the output cap, or once the main process of the last step
    has exited (so that daemons holding a pipe do not delay)."""
    started = time.monotonic()
    deadline = started + float(step["timeout"])
    buffers = {out_r: bytearray(), err_r: bytearray()}
    truncated = {out_r: False, err_r: False}
    watched = [out_r, err_r, done_fd]
    timed_out = over = killed = False
    while watched:
        remaining = deadline - time.monotonic()
        if remaining <= 0 and not killed:
            timed_out = killed = True
            kill_all()
        ready, _, _ = select.select(watched, [], [], 5.0 if killed else remaining)
        if not ready and killed:
            break  # every process is dead: what is still open is no longer the program's
        for fd in ready:
            if fd == done_fd:
                watched.remove(fd)
                if last and not killed:
                    killed = True
                    kill_all()
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                watched.remove(fd)
                continue
            room = max_output - len(buffers[fd])
            if room > 0:
                buffers[fd] += chunk[:room]
            if len(chunk) > room and not truncated[fd]:
                truncated[fd] = True
                if not killed:
                    over = killed = True
                    kill_all()
    return {
        "timed_out": timed_out, "output_limit": over,
        "stdout_truncated": truncated[out_r], "stderr_truncated": truncated[err_r],
        "duration_ms": round((time.monotonic() - started) * 1000, 3),
    }, bytes(buffers[out_r]), bytes(buffers[err_r])


def handle(request, source, stdin_data):
    steps = request["steps"]
    status_r, status_w = os.pipe()
    read_ends, write_ends = [], []
    for _ in steps:
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        read_ends.append((out_r, err_r))
        write_ends.append((out_w, err_w))
    pid = os.fork()
    if pid == 0:
        try:
            null = os.open("/dev/null", os.O_RDWR)  # W does not keep the protocol's descriptors
            os.dup2(null, 0)
            os.dup2(null, 1)
            os.close(null)
            os.close(status_r)
            for out_r, err_r in read_ends:
                os.close(out_r)
                os.close(err_r)
            world(request, source, stdin_data, write_ends, status_w)
        finally:
            os._exit(STEP_FAILED_TO_START)
    os.close(status_w)
    for out_w, err_w in write_ends:
        os.close(out_w)
        os.close(err_w)
    main_exited = None
    status = Input(status_r)
    results, blobs, error = [], [], None
    try:
        main_exited = os.pidfd_open(pid)
        for index, step in enumerate(steps):
            last = index == len(steps) - 1
            out_r, err_r = read_ends[index]
            result, out, err = capture(step, out_r, err_r, request["max_output"], main_exited if last else status_r, last)
            if result["timed_out"] or result["output_limit"]:
                result["exit"] = 128 + signal.SIGKILL
            elif last:
                _, raw = os.waitpid(pid, 0)
                result["exit"] = encode_status(raw)
            else:
                line = status.line()
                if line is None or not line.startswith(b"X "):
                    error = "the program's sandbox ended before its step %d reported" % (index + 1)
                    break
                result["exit"] = int(line[2:])
            result["stdout_len"], result["stderr_len"] = len(out), len(err)
            results.append(result)
            blobs += [out, err]
            if result["exit"] != 0:
                break
    finally:
        kill_all()
        reap_all()
        for fd in [status_r] + ([main_exited] if main_exited is not None else []) + [fd for pair in read_ends for fd in pair]:
            os.close(fd)
    return {"steps": results, "error": error}, blobs


def main():
    problem = None
    if sys.version_info < (3, 9):
        problem = "the sandbox server needs Python 3.9 or later (this is %s)" % sys.version.split()[0]
    elif os.getpid() != 1:
        problem = "the sandbox server must be pid 1 of its sandbox (bwrap --as-pid-1)"
    if problem is not None:
        write_all(1, (json.dumps({"ready": False, "error": problem}) + "\n").encode())
        return
    confine_server()
    for name in sys.argv[1:]:
        try:
            __import__(name)
        except ImportError:
            pass
    gc.collect()
    gc.freeze()  # preloaded objects are never collected: children do not copy their pages to scan them
    stdin = Input(0)
    write_all(1, (json.dumps({"ready": True, "python": sys.version.split()[0], "seccomp": SECCOMP is not None}) + "\n").encode())
    while True:
        line = stdin.line()
        if line is None:
            return
        request = json.loads(line)
        source = stdin.exact(request["source_len"])
        stdin_data = stdin.exact(request["stdin_len"])
        try:
            response, blobs = handle(request, source, stdin_data)
        except Exception as e:  # a fault of the server itself: report it and stay up
            response, blobs = {"steps": [], "error": "sandbox server: %r" % (e,)}, []
        write_all(1, (json.dumps(response) + "\n").encode() + b"".join(blobs))


if __name__ == "__main__":
    main()
