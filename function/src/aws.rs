//! The AWS SDK's settings, shared by the DynamoDB store and the dead-letter queue.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_smithy_http_client::tls::rustls_provider::CryptoMode;
use aws_smithy_http_client::tls::{Provider, TlsContext, TrustStore};

use crate::config::AwsConfig;

/// The root certificates AWS endpoints chain to: Amazon Trust Services' Amazon Root CA 1-4 and
/// Starfield Services Root CA G2, the set AWS publishes for its endpoints (copied from Debian's
/// ca-certificates). Trusting only these spares the cold start reading every system certificate.
const AMAZON_TRUST_SERVICES_ROOTS: &[u8] = include_bytes!("amazon-trust-services-roots.pem");

/// HTTPS on rustls with ring rather than the SDK's default aws-lc, which keeps the zip under 4 MB.
fn https_client() -> aws_sdk_dynamodb::config::SharedHttpClient {
    let trust = TrustStore::empty()
        .with_native_roots(false)
        .with_pem_certificate(AMAZON_TRUST_SERVICES_ROOTS);
    let tls = TlsContext::builder()
        .with_trust_store(trust)
        .build()
        .expect("a TLS context without custom names always builds");
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .tls_context(tls)
        .build_https()
}

/// The AWS SDK's settings, loaded once for every client: bounded retries with backoff inside
/// `config.timeout`. Endpoints follow aws-config's standard `AWS_ENDPOINT_URL(_<SERVICE>)`.
pub async fn sdk_config(config: &AwsConfig) -> SdkConfig {
    let retry = RetryConfig::standard()
        .with_max_attempts(config.max_attempts)
        .with_initial_backoff(Duration::from_millis(25))
        .with_max_backoff(Duration::from_millis(500));
    let timeout = TimeoutConfig::builder()
        .operation_timeout(config.timeout)
        // Each attempt gets an equal share of the budget, so a slow attempt leaves time for the rest.
        .operation_attempt_timeout(config.timeout / config.max_attempts)
        .connect_timeout(Duration::from_millis(500))
        .build();
    aws_config::defaults(BehaviorVersion::latest())
        .http_client(https_client())
        .retry_config(retry)
        .timeout_config(timeout)
        .load()
        .await
}
