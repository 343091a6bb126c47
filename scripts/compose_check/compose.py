"""docker-compose (the seed's command, Compose 1.29 here) on the repository's own
docker-compose.yml, as one project of its own, with the images and published ports the check chose."""
import json
import os
import socket
import subprocess
import tempfile

# Published port variables of docker-compose.yml and their defaults.
PUBLISHED = {"SHOP_PORT": 3000, "PROMETHEUS_PORT": 9090, "ALERTMANAGER_PORT": 9093, "GRAFANA_PORT": 3001,
             "JAEGER_PORT": 16686}


def free_port(preferred):
    """`preferred` when nothing listens on it at 127.0.0.1, else a port the kernel hands out."""
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
                return probe.getsockname()[1]
            except OSError:
                continue
    raise SystemExit("compose: no free port on 127.0.0.1")


class ComposeProject:
    """One docker-compose project of the repository's compose file."""

    def __init__(self, repository, name, variables):
        self.repository = repository
        self.name = name
        self.ports = {variable: free_port(default) for variable, default in PUBLISHED.items()}
        # No .env of the user's: the file's own defaults, the images chosen and the ports above.
        self.env_file = tempfile.NamedTemporaryFile("w", prefix="shopmicro-compose-", suffix=".env", delete=False)
        self.env_file.close()
        self.environment = {key: value for key, value in os.environ.items()
                            if key in ("PATH", "HOME", "DOCKER_HOST", "LANG")}
        self.environment.update({key: str(value) for key, value in self.ports.items()})
        self.environment.update(variables)

    def url(self, variable, path=""):
        return f"http://127.0.0.1:{self.ports[variable]}{path}"

    def run(self, *arguments, check=True, timeout=None):
        """docker-compose ARGUMENTS; its output, or SystemExit with it when `check` and it fails."""
        command = ["docker-compose", "--env-file", self.env_file.name, "-p", self.name, "-f",
                   os.path.join(self.repository, "docker-compose.yml"), *arguments]
        done = subprocess.run(command, capture_output=True, text=True, env=self.environment, cwd=self.repository,
                              timeout=timeout)
        if check and done.returncode != 0:
            raise SystemExit(f"failed ({done.returncode}): docker-compose {' '.join(arguments)}\n"
                             f"{done.stdout[-4000:]}{done.stderr[-4000:]}")
        return done

    def services(self):
        """The services of the compose file (profiles included)."""
        return self.run("--profile", "backup", "config", "--services").stdout.split()

    def containers(self, all_states=False):
        """`docker inspect` of the project's containers."""
        listed = subprocess.run(["docker", "ps", "-q", *(["-a"] if all_states else []), "--filter",
                                 f"label=com.docker.compose.project={self.name}"],
                                capture_output=True, text=True, check=True).stdout.split()
        if not listed:
            return []
        return json.loads(subprocess.run(["docker", "inspect", *listed], capture_output=True, text=True,
                                         check=True).stdout)

    def container(self, service):
        for container in self.containers():
            if container["Config"]["Labels"].get("com.docker.compose.service") == service:
                return container
        raise SystemExit(f"compose: no running container for {service}")

    def sql(self, statement, database="shopmicro"):
        """One SQL statement through psql in the PostgreSQL container; its unaligned output."""
        return self.run("exec", "-T", "postgres", "psql", "-v", "ON_ERROR_STOP=1", "-U", "shopmicro", "-d", database,
                        "-tAc", statement).stdout.strip()

    def logs(self, service):
        return self.run("logs", "--no-color", service).stdout

    def leftovers(self):
        """What of this project is still on the engine: containers, networks, volumes."""
        label = f"label=com.docker.compose.project={self.name}"
        found = {}
        for kind, command in (("containers", ["docker", "ps", "-a", "-q"]), ("networks", ["docker", "network", "ls", "-q"]),
                              ("volumes", ["docker", "volume", "ls", "-q"])):
            found[kind] = subprocess.run(command + ["--filter", label], capture_output=True, text=True,
                                         check=True).stdout.split()
        return found

    def close(self):
        os.unlink(self.env_file.name)
