//! One integration-test binary: the router through events, vectors, a real socket, DynamoDB (moto
//! on 127.0.0.1, started by `make test`) and the built `bootstrap` under a Runtime API emulator.

mod bootstrap;
mod dynamodb;
mod events;
mod helpers;
mod local_server;
mod vectors;
