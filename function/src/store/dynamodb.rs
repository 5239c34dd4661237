//! The Lambda's store: one conditional `PutItem` tells insert, replay and conflict apart.

use std::collections::HashMap;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValuesOnConditionCheckFailure};
use aws_smithy_http_client::tls::rustls_provider::CryptoMode;
use aws_smithy_http_client::tls::{Provider, TlsContext, TrustStore};
use ride_record_schema::{RideId, RideRecord};

use super::{InsertOutcome, RideStore, StoreError};
use crate::config::DynamoDbConfig;

/// Error codes DynamoDB uses for "slow down" and "try again".
const RETRYABLE_CODES: [&str; 5] = [
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
];

/// The root certificates DynamoDB's endpoints chain to: Amazon Trust Services' Amazon Root CA 1-4 and
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

/// The SDK client, built once: bounded retries with backoff inside `config.timeout`.
/// The endpoint follows aws-config's standard `AWS_ENDPOINT_URL(_DYNAMODB)`.
pub async fn dynamodb_client(config: &DynamoDbConfig) -> Client {
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
    let sdk: SdkConfig = aws_config::defaults(BehaviorVersion::latest())
        .http_client(https_client())
        .retry_config(retry)
        .timeout_config(timeout)
        .load()
        .await;
    Client::new(&sdk)
}

#[derive(Clone)]
pub struct DynamoDbStore {
    client: Client,
    table_name: String,
}

impl DynamoDbStore {
    pub fn new(client: Client, table_name: impl Into<String>) -> Self {
        Self {
            client,
            table_name: table_name.into(),
        }
    }

    async fn existing_outcome(
        &self,
        stored: Option<&HashMap<String, AttributeValue>>,
        record: &RideRecord,
    ) -> Result<InsertOutcome, StoreError> {
        let existing = match stored {
            Some(item) => serde_dynamo::from_item(item.clone()).map_err(StoreError::failed)?,
            // ALL_OLD normally returns the stored item; read it if it did not.
            None => self.get(&record.ride_id).await?.ok_or_else(|| {
                StoreError::Failed(format!(
                    "RideId {} failed its condition but is not stored",
                    record.ride_id
                ))
            })?,
        };
        Ok(InsertOutcome::of_existing(&existing, record))
    }
}

impl RideStore for DynamoDbStore {
    async fn insert(&self, record: &RideRecord) -> Result<InsertOutcome, StoreError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table_name)
            .set_item(Some(
                serde_dynamo::to_item(record).map_err(StoreError::failed)?,
            ))
            .condition_expression("attribute_not_exists(RideId)")
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match result {
            Ok(_) => Ok(InsertOutcome::Created),
            Err(SdkError::ServiceError(service)) => match service.err() {
                PutItemError::ConditionalCheckFailedException(taken) => {
                    self.existing_outcome(taken.item(), record).await
                }
                other => Err(classify(
                    other.code(),
                    service.raw().status().as_u16(),
                    other,
                )),
            },
            Err(other) => Err(classify_transport(other)),
        }
    }

    async fn get(&self, ride_id: &RideId) -> Result<Option<RideRecord>, StoreError> {
        let result = self
            .client
            .get_item()
            .table_name(&self.table_name)
            .key("RideId", AttributeValue::S(ride_id.to_string()))
            .consistent_read(true)
            .send()
            .await;
        match result {
            Ok(output) => output
                .item()
                .map(|item| serde_dynamo::from_item(item.clone()))
                .transpose()
                .map_err(StoreError::failed),
            Err(SdkError::ServiceError(service)) => {
                let error = service.err();
                Err(classify(
                    error.code(),
                    service.raw().status().as_u16(),
                    error,
                ))
            }
            Err(other) => Err(classify_transport(other)),
        }
    }
}

/// A DynamoDB error answer, after the SDK's own retries.
fn classify(code: Option<&str>, status: u16, error: &impl std::fmt::Display) -> StoreError {
    let retryable = status >= 500 || code.is_some_and(|code| RETRYABLE_CODES.contains(&code));
    let message = format!(
        "{} (HTTP {status}): {error}",
        code.unwrap_or("unknown error")
    );
    if retryable {
        StoreError::Unavailable(message)
    } else {
        StoreError::Failed(message)
    }
}

/// No usable answer at all: timeouts, refused or dropped connections, unreadable responses.
fn classify_transport<E: std::error::Error + 'static, R: std::fmt::Debug>(
    error: SdkError<E, R>,
) -> StoreError {
    let message = aws_sdk_dynamodb::error::DisplayErrorContext(&error).to_string();
    match error {
        SdkError::ConstructionFailure(_) => StoreError::Failed(message),
        _ => StoreError::Unavailable(message),
    }
}

#[cfg(test)]
mod tests {
    /// `dynamodb-actions.json`, which Terraform grants, names exactly the operations this file calls.
    #[test]
    fn the_granted_actions_are_the_calls_made_here() {
        let source = include_str!("dynamodb.rs");
        let mut called: Vec<String> = source
            .split(".client")
            .skip(1)
            .filter_map(|rest| rest.trim_start().strip_prefix('.')?.split_once("()"))
            .map(|(operation, _)| {
                let words = operation.split('_').map(|word| {
                    let (first, rest) = word.split_at(1);
                    first.to_uppercase() + rest
                });
                format!("dynamodb:{}", words.collect::<String>())
            })
            .collect();
        called.sort();
        called.dedup();
        let granted: Vec<String> =
            serde_json::from_str(include_str!("dynamodb-actions.json")).expect("a JSON list");
        assert_eq!(called, granted);
    }
}
