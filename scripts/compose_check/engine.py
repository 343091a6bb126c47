"""The Docker engine the check talks to: the one already running, or a dockerd it starts itself
(no systemd here) and stops again at the end. Nothing it did not start is stopped."""
import os
import shutil
import subprocess
import time

SOCKET = "/var/run/docker.sock"


def answers():
    """True when a Docker engine answers on the default socket."""
    return subprocess.run(["docker", "info"], capture_output=True).returncode == 0


class DockerEngine:
    """A running Docker engine; `stop()` ends it only when this check started it."""

    def __init__(self, log_path):
        self.log_path = log_path
        self.process = None

    def ensure(self):
        if answers():
            print("docker: using the engine already running")
            return self
        dockerd = shutil.which("dockerd")
        if dockerd is None:
            raise SystemExit("docker: no engine answers and dockerd is not installed (apt-get install docker.io)")
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([dockerd, "--host", f"unix://{SOCKET}"], stdout=log, stderr=log,
                                        start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"docker: dockerd exited with {self.process.returncode}; see {self.log_path}")
            if answers():
                print(f"docker: started dockerd (pid {self.process.pid}, log {self.log_path})")
                return self
            time.sleep(0.5)
        self.stop()
        raise SystemExit(f"docker: dockerd did not answer within 60 s; see {self.log_path}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        print("docker: stopped the dockerd this check started")
        # A stale socket would make the next client wait for a daemon that is gone.
        if os.path.exists(SOCKET) and not answers():
            os.remove(SOCKET)
