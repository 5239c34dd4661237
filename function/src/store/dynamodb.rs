//! The Lambda's store: one conditional `PutItem` tells insert, replay and conflict apart.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValuesOnConditionCheckFailure};
use ride_record_schema::{RideId, RideRecord};

use super::{Cause, InsertOutcome, RideStore, StoreError};
use crate::config::AwsConfig;

/// Error codes DynamoDB uses for "slow down" and "try again".
const RETRYABLE_CODES: [&str; 5] = [
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
];

/// The DynamoDB client on the function's AWS settings (`crate::aws::sdk_config`).
pub async fn dynamodb_client(config: &AwsConfig) -> Client {
    Client::new(&crate::aws::sdk_config(config).await)
}

#[derive(Clone)]
pub struct DynamoDbStore {
    client: Client,
    table_name: String,
    /// One deadline for everything an insert asks of DynamoDB: the write and its fallback read.
    budget: Duration,
}

impl DynamoDbStore {
    pub fn new(client: Client, config: &AwsConfig) -> Self {
        Self {
            client,
            table_name: config.table_name.clone(),
            budget: config.timeout,
        }
    }

    async fn put_if_absent(&self, record: &RideRecord) -> Result<InsertOutcome, StoreError> {
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
                _ => Err(classify(SdkError::ServiceError(service))),
            },
            Err(other) => Err(classify(other)),
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
                StoreError::failed(format!(
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
        tokio::time::timeout(self.budget, self.put_if_absent(record))
            .await
            .unwrap_or_else(|_| {
                let waited = self.budget.as_millis();
                let message = format!("no answer from DynamoDB within {waited} ms");
                Err(StoreError::Unavailable(message.into()))
            })
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
            Err(error) => Err(classify(error)),
        }
    }
}

/// A failed DynamoDB call, after the SDK's own retries: throttling, a 5xx, a timeout or no usable
/// answer at all may pass (unavailable); anything else is a bug or a misconfiguration.
fn classify<E>(error: SdkError<E, HttpResponse>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let (retryable, cause): (bool, Cause) = match &error {
        SdkError::ServiceError(service) => {
            let status = service.raw().status().as_u16();
            let code = service.err().code().unwrap_or("unknown error").to_string();
            let retryable = status >= 500 || RETRYABLE_CODES.contains(&code.as_str());
            let refusal = Refusal {
                code,
                status,
                source: error.into(),
            };
            (retryable, refusal.into())
        }
        SdkError::ConstructionFailure(_) => (false, error.into()),
        _ => (true, error.into()),
    };
    if retryable {
        StoreError::Unavailable(cause)
    } else {
        StoreError::Failed(cause)
    }
}

/// DynamoDB's answer to a call it refused: its error code and HTTP status, which the SDK's own
/// error does not print.
#[derive(Debug, thiserror::Error)]
#[error("{code} (HTTP {status})")]
struct Refusal {
    code: String,
    status: u16,
    #[source]
    source: Cause,
}
