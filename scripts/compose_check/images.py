"""Which images the compose check runs: the official ones when a registry answers, else the local
stand-ins of docker/stand-ins/ (built from a Debian base made with mmdebstrap), each handed to
docker-compose.yml through the variable that names its image."""
import concurrent.futures
import hashlib
import os
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request

BASE = "shopmicro-standin/debian:bookworm"
# compose variable -> stand-in folder under docker/stand-ins (None: the Debian base itself).
STAND_INS = {
    "SWIFT_IMAGE": "swift",
    "RUNTIME_IMAGE": None,
    "POSTGRES_IMAGE": "postgres",
    "REDIS_IMAGE": "redis",
    "PROMETHEUS_IMAGE": "prometheus",
    "ALERTMANAGER_IMAGE": "alertmanager",
    "PUSHGATEWAY_IMAGE": "pushgateway",
    "POSTGRES_EXPORTER_IMAGE": "postgres-exporter",
    "REDIS_EXPORTER_IMAGE": "redis-exporter",
    "JAEGER_IMAGE": "jaeger",
}
# Images with no stand-in: where no registry answers, their services are not started and their
# provisioning files are validated instead.
WITHOUT_STAND_IN = {"GRAFANA_IMAGE": "grafana"}


def registry_reachable(url="https://registry-1.docker.io/v2/", timeout=5):
    """True when Docker Hub's registry answers at all (401 without credentials counts)."""
    try:
        urllib.request.urlopen(url, timeout=timeout)
        return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


def run(command, **options):
    """Runs `command`; on failure, stops the check with its output."""
    done = subprocess.run(command, capture_output=True, **options)
    if done.returncode != 0:
        output = (done.stdout or b"").decode(errors="replace")[-3000:] + (done.stderr or b"").decode(errors="replace")[-3000:]
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{output}")
    return done


def image_label(image, label):
    inspected = subprocess.run(["docker", "image", "inspect", "-f", f'{{{{index .Config.Labels "{label}"}}}}', image],
                               capture_output=True, text=True)
    return inspected.stdout.strip() if inspected.returncode == 0 else None


def folder_digest(folder):
    digest = hashlib.sha256()
    for root, _, files in sorted(os.walk(folder)):
        for name in sorted(files):
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, folder).encode())
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:16]


def ensure_base(work):
    """The Debian bookworm base every stand-in starts from (mmdebstrap + docker import, ~1 min)."""
    if image_label(BASE, "org.shopmicro.stand-in") is not None:
        return
    tarball = os.path.join(work, "bookworm.tar")
    print("stand-ins: building the Debian base with mmdebstrap")
    run(["mmdebstrap", "--quiet", "--variant=minbase", "--include=ca-certificates", "bookworm", tarball,
         "/etc/apt/sources.list.d/debian.sources"])
    run(["docker", "import", "--change", "LABEL org.shopmicro.stand-in=debian", "--change", 'CMD ["bash"]',
         tarball, BASE])
    os.remove(tarball)


def swift_context(folder):
    """The swift stand-in's build context as a tar stream: its folder, this machine's toolchain and
    the package mirror git reads https://github.com/ from."""
    toolchain = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(shutil.which("swift")))))
    mirror = "/opt/swift-packages"
    if toolchain != "/opt/swift" or not os.path.isdir(mirror):
        raise SystemExit(f"stand-ins: the swift stand-in expects /opt/swift and {mirror} (found {toolchain})")
    return ["tar", "-c", "-f", "-", "-C", folder, ".", "-C", "/", "opt/swift", "opt/swift-packages"]


def build_stand_in(repository, name):
    folder = os.path.join(repository, "docker", "stand-ins", name)
    tag = f"shopmicro-standin/{name}:bookworm"
    digest = folder_digest(folder)
    if image_label(tag, "org.shopmicro.stand-in") == digest:
        return tag, "reused"
    build = ["docker", "build", "--quiet", "--label", f"org.shopmicro.stand-in={digest}", "--build-arg",
             f"BASE_IMAGE={BASE}", "-t", tag]
    if name == "swift":
        context = subprocess.Popen(swift_context(folder), stdout=subprocess.PIPE)
        run(build + ["-"], stdin=context.stdout)
        context.wait()
    else:
        run(build + [folder])
    return tag, "built"


def stand_ins(repository):
    """Builds (or reuses) every stand-in; the compose variables that select them."""
    with tempfile.TemporaryDirectory(prefix="shopmicro-stand-ins-") as work:
        ensure_base(work)
    chosen = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        futures = {variable: pool.submit(build_stand_in, repository, name)
                   for variable, name in STAND_INS.items() if name is not None}
        for variable, future in futures.items():
            tag, how = future.result()
            chosen[variable] = tag
            print(f"stand-ins: {variable}={tag} ({how})")
    chosen["RUNTIME_IMAGE"] = BASE
    return chosen
