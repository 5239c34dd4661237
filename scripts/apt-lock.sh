#!/usr/bin/env bash
# Runs an apt or dpkg command under one machine-wide lock: `make test` installs toolchains from builds
# that run side by side, and apt refuses a second apt at once instead of waiting for it.
exec flock /var/lock/ride-record-apt.lock "$@"
