//! One integration-test binary: the router through events, vectors, a real socket, DynamoDB (moto
//! on 127.0.0.1, started by `make test`, with scripts/fault_proxy.py injecting faults), concurrent
//! duplicates, a hostile corpus, a SIGKILL, and the built `bootstrap` under a Runtime API emulator.
//! The queue path end to end (SNS → SQS → `bootstrap`) is scripts/no_ride_lost.py.

mod bootstrap;
mod concurrency;
mod durability;
mod dynamodb;
mod events;
mod faults;
mod helpers;
mod hostile;
mod local_server;
mod metrics;
mod openapi;
mod vectors;
