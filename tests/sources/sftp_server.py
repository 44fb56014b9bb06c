"""A real SFTP server on 127.0.0.1 for tests: paramiko's server side serving one folder.

``SftpTestServer(root)`` listens on a free port in a daemon thread. It accepts password
("secret") and public-key logins for user "clinic". ``drop_after`` (bytes) makes the next
download of ``drop_name`` close the connection part-way, like a flaky link.
"""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path

import paramiko

USER = "clinic"
PASSWORD = "secret"  # test server only


@dataclass
class Faults:
    drop_name: str | None = None
    drop_after: int = 0
    drops: int = 0  # how many downloads were cut so far
    grow_name: str | None = None  # this file gets bytes appended while it is being read (once)


@dataclass
class _State:
    root: Path
    authorized: list[paramiko.PKey]
    faults: Faults = field(default_factory=Faults)


class _Server(paramiko.ServerInterface):
    def __init__(self, state: _State, transport: paramiko.Transport) -> None:
        self.state = state
        self.transport = transport

    def get_allowed_auths(self, username: str) -> str:
        return "password,publickey"

    def check_auth_password(self, username: str, password: str) -> int:
        ok = username == USER and password == PASSWORD
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def check_auth_publickey(self, username: str, key: paramiko.PKey) -> int:
        ok = username == USER and any(key == k for k in self.state.authorized)
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED


class _Handle(paramiko.SFTPHandle):
    def __init__(self, *, path: Path, server: _Server) -> None:
        super().__init__(flags=os.O_RDONLY)
        self.readfile = path.open("rb")
        self.name = path.name
        self.server = server

    def read(self, offset: int, length: int) -> bytes | int:
        faults = self.server.state.faults
        if faults.drop_name == self.name and offset + length > faults.drop_after:
            faults.drop_name = None
            faults.drops += 1
            self.server.transport.close()  # the line goes dead mid-file
            return paramiko.SFTP_CONNECTION_LOST
        if faults.grow_name == self.name:
            faults.grow_name = None
            with (self.server.state.root / "outbound" / self.name).open("ab") as still_uploading:
                still_uploading.write(b"~more segments~")
        return super().read(offset, length)

    def stat(self) -> paramiko.SFTPAttributes | int:
        return paramiko.SFTPAttributes.from_stat(os.fstat(self.readfile.fileno()))


class _Sftp(paramiko.SFTPServerInterface):
    def __init__(self, server: _Server, *args: object, **kwargs: object) -> None:
        super().__init__(server, *args, **kwargs)
        self.server = server
        self.root = server.state.root

    def _local(self, path: str) -> Path:
        clean = os.path.normpath("/" + path).lstrip("/")
        return self.root / clean

    def list_folder(self, path: str) -> list[paramiko.SFTPAttributes] | int:
        folder = self._local(path)
        if not folder.is_dir():
            return paramiko.SFTP_NO_SUCH_FILE
        out = []
        for entry in sorted(folder.iterdir()):
            attr = paramiko.SFTPAttributes.from_stat(entry.stat())
            attr.filename = entry.name
            out.append(attr)
        return out

    def stat(self, path: str) -> paramiko.SFTPAttributes | int:
        local = self._local(path)
        if not local.exists():
            return paramiko.SFTP_NO_SUCH_FILE
        return paramiko.SFTPAttributes.from_stat(local.stat())

    lstat = stat

    def canonicalize(self, path: str) -> str:
        return os.path.normpath("/" + path)

    def open(
        self, path: str, flags: int, attr: paramiko.SFTPAttributes
    ) -> paramiko.SFTPHandle | int:
        local = self._local(path)
        if flags & (os.O_WRONLY | os.O_RDWR):
            return paramiko.SFTP_PERMISSION_DENIED
        if not local.is_file():
            return paramiko.SFTP_NO_SUCH_FILE
        return _Handle(path=local, server=self.server)


class SftpTestServer:
    """Context manager; ``.port``, ``.host_key`` and ``.faults`` for the test."""

    def __init__(
        self,
        root: Path,
        *,
        host_key: paramiko.PKey | None = None,
        authorized: list[paramiko.PKey] | None = None,
    ) -> None:
        self.host_key = host_key or paramiko.ECDSAKey.generate()
        self.state = _State(root=root, authorized=list(authorized or []))
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._transports: list[paramiko.Transport] = []
        self._thread = threading.Thread(target=self._serve, name="sftp-test-server", daemon=True)
        self.connections = 0

    @property
    def faults(self) -> Faults:
        return self.state.faults

    def known_hosts_line(self, key: paramiko.PKey | None = None) -> str:
        key = key or self.host_key
        return f"[127.0.0.1]:{self.port} {key.get_name()} {key.get_base64()}\n"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            try:
                transport = paramiko.Transport(conn)
                transport.add_server_key(self.host_key)
                transport.set_subsystem_handler("sftp", paramiko.SFTPServer, _Sftp)
                self._transports.append(transport)
                transport.start_server(server=_Server(self.state, transport))
            except Exception:  # a client that hangs up during the handshake (refused host key)
                conn.close()

    def __enter__(self) -> SftpTestServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()
        for transport in self._transports:
            transport.close()
