//! `make run`: the service on 127.0.0.1:$PORT (default 3000), on the embedded store in $DATA_DIR
//! (default ./data), or on DynamoDB when TABLE_NAME and AWS_ENDPOINT_URL(_DYNAMODB) are set (a build
//! with the `aws` feature, the default); the demo page at / (DEMO_DIR, default schema-wasm/demo) with
//! the wasm package as `make wasm` installs it for the demo from its `npm pack` (WASM_PKG_DIR), and
//! the state of its build by `make run` (DEMO_VALIDATOR_STATE).
// The AWS SDK's nested futures under the router need more than the default layout depth.
#![recursion_limit = "256"]

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use ride_record_function::config;
use ride_record_function::local::{Limits, serve};
use ride_record_function::router::Router;
use ride_record_function::site::Site;
use ride_record_function::store::{EmbeddedStore, RideStore};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let env = |name: &str| std::env::var(name).ok();
    ride_record_function::logging::init(config::log_level(env)?);
    let port: u16 = env("PORT")
        .unwrap_or_else(|| "3000".into())
        .parse()
        .context("PORT must be a port number")?;
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
    let path =
        |name: &str, default: &str| PathBuf::from(env(name).unwrap_or_else(|| default.into()));
    let site = Site {
        demo_dir: path("DEMO_DIR", "schema-wasm/demo"),
        pkg_dir: path(
            "WASM_PKG_DIR",
            "schema-wasm/demo/node_modules/@wild-rydes/ride-record-schema",
        ),
        build_state: path("DEMO_VALIDATOR_STATE", "target/demo-validator.json"),
    };
    let uses_dynamodb = env("TABLE_NAME").is_some()
        && (env("AWS_ENDPOINT_URL").is_some() || env("AWS_ENDPOINT_URL_DYNAMODB").is_some());
    if uses_dynamodb {
        return serve_dynamodb(listener, site).await;
    }
    let data_dir = path("DATA_DIR", "data");
    let store = EmbeddedStore::open(&data_dir)
        .with_context(|| format!("cannot open {}", data_dir.display()))?;
    serve_store(
        listener,
        site,
        store,
        &format!("embedded store in {}", data_dir.display()),
    )
    .await
}

#[cfg(feature = "aws")]
async fn serve_dynamodb(listener: TcpListener, site: Site) -> anyhow::Result<()> {
    use ride_record_function::config::AwsConfig;
    use ride_record_function::store::{DynamoDbStore, dynamodb_client};
    let config =
        AwsConfig::from_lookup(|name| std::env::var(name).ok()).context("configuration")?;
    let store = DynamoDbStore::new(dynamodb_client(&config).await, &config);
    let described = format!("DynamoDB table {}", config.table_name);
    serve_store(listener, site, store, &described).await
}

#[cfg(not(feature = "aws"))]
async fn serve_dynamodb(_: TcpListener, _: Site) -> anyhow::Result<()> {
    anyhow::bail!(
        "TABLE_NAME asks for DynamoDB: build with the default features (cargo run --bin ride-record-local)"
    )
}

async fn serve_store(
    listener: TcpListener,
    site: Site,
    store: impl RideStore + 'static,
    described: &str,
) -> anyhow::Result<()> {
    let address = listener.local_addr()?;
    println!("ride-record on http://{address}/ (API: /record; {described})");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let router = Arc::new(Router::new(store));
    serve(listener, router, Some(site), Limits::default(), shutdown).await?;
    println!("ride-record stopped");
    Ok(())
}
