"""Prints a TCP port on 127.0.0.1 that is free now: the one free-port helper of the scripts and benches."""
import socket


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    print(free_port())
