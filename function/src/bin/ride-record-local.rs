//! `make run`: the service on 127.0.0.1:$PORT (default 3000), on the embedded store in $DATA_DIR
//! (default ./data), or on DynamoDB when TABLE_NAME and AWS_ENDPOINT_URL(_DYNAMODB) are set; the
//! demo page at / (DEMO_DIR, default schema-wasm/demo) with the wasm package as `make wasm` installs
//! it for the demo from its `npm pack` (WASM_PKG_DIR).
// The AWS SDK's nested futures under the router need more than the default layout depth.
#![recursion_limit = "256"]

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use ride_record_function::config::{self, AwsConfig};
use ride_record_function::local::{Limits, serve};
use ride_record_function::router::Router;
use ride_record_function::site::Site;
use ride_record_function::store::{DynamoDbStore, EmbeddedStore, dynamodb_client};
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
    let address = listener.local_addr()?;
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let site = Site {
        demo_dir: PathBuf::from(env("DEMO_DIR").unwrap_or_else(|| "schema-wasm/demo".into())),
        pkg_dir: PathBuf::from(env("WASM_PKG_DIR").unwrap_or_else(|| {
            "schema-wasm/demo/node_modules/@wild-rydes/ride-record-schema".into()
        })),
    };
    let uses_dynamodb = env("TABLE_NAME").is_some()
        && (env("AWS_ENDPOINT_URL").is_some() || env("AWS_ENDPOINT_URL_DYNAMODB").is_some());
    if uses_dynamodb {
        let config = AwsConfig::from_lookup(env).context("configuration")?;
        let store = DynamoDbStore::new(dynamodb_client(&config).await, &config);
        println!(
            "ride-record on http://{address}/ (API: /record; DynamoDB table {})",
            config.table_name
        );
        serve(
            listener,
            Arc::new(Router::new(store)),
            Some(site),
            Limits::default(),
            shutdown,
        )
        .await?;
    } else {
        let data_dir = PathBuf::from(env("DATA_DIR").unwrap_or_else(|| "data".into()));
        let store = EmbeddedStore::open(&data_dir)
            .with_context(|| format!("cannot open {}", data_dir.display()))?;
        println!(
            "ride-record on http://{address}/ (API: /record; embedded store in {})",
            data_dir.display()
        );
        serve(
            listener,
            Arc::new(Router::new(store)),
            Some(site),
            Limits::default(),
            shutdown,
        )
        .await?;
    }
    println!("ride-record stopped");
    Ok(())
}
