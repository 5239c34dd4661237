//! Settings from the environment, checked once at start.

use std::time::Duration;

use tracing::Level;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is not set: it must name the DynamoDB table that stores ride records")]
    Missing(&'static str),
    #[error("{name}={value} is not valid: expected {expected}")]
    Invalid {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
}

/// How the function reaches DynamoDB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamoDbConfig {
    pub table_name: String,
    /// The whole budget of one store call, retries included: well inside API Gateway's 29 s.
    pub timeout: Duration,
    /// Attempts per call, the first one included.
    pub max_attempts: u32,
}

impl DynamoDbConfig {
    /// Reads `TABLE_NAME` (required), `DYNAMODB_TIMEOUT_MS` (default 3000) and
    /// `DYNAMODB_MAX_ATTEMPTS` (default 4) through `lookup`, e.g. `std::env::var(..).ok()`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let table_name = lookup("TABLE_NAME")
            .filter(|name| !name.trim().is_empty())
            .ok_or(ConfigError::Missing("TABLE_NAME"))?;
        let timeout_ms = parse_number(&lookup, "DYNAMODB_TIMEOUT_MS", 3000, DYNAMODB_TIMEOUT_MS)?;
        let max_attempts =
            parse_number(&lookup, "DYNAMODB_MAX_ATTEMPTS", 4, DYNAMODB_MAX_ATTEMPTS)?;
        if timeout_ms / max_attempts < ATTEMPT_FLOOR_MS {
            return Err(ConfigError::Invalid {
                name: "DYNAMODB_MAX_ATTEMPTS",
                value: max_attempts.to_string(),
                expected: "few enough attempts to give each 100 ms of DYNAMODB_TIMEOUT_MS",
            });
        }
        Ok(Self {
            table_name,
            timeout: Duration::from_millis(timeout_ms),
            max_attempts: max_attempts as u32,
        })
    }
}

/// `DYNAMODB_TIMEOUT_MS` accepted: well inside API Gateway's 29 s. Terraform's `dynamodb_timeout_ms`
/// checks the same range (a test below keeps them equal).
pub const DYNAMODB_TIMEOUT_MS: std::ops::RangeInclusive<u64> = 100..=25_000;

/// `DYNAMODB_MAX_ATTEMPTS` accepted; Terraform's `dynamodb_max_attempts` checks the same.
pub const DYNAMODB_MAX_ATTEMPTS: std::ops::RangeInclusive<u64> = 1..=10;

/// The least time an attempt gets: its share of the budget (`crate::aws::sdk_config`). Terraform's
/// `consistent_settings` checks the same.
pub const ATTEMPT_FLOOR_MS: u64 = 100;

/// `LOG_LEVEL` values, the original Python service's names; Terraform's `log_level` checks the same.
pub const LOG_LEVELS: [(&str, Level); 4] = [
    ("DEBUG", Level::DEBUG),
    ("INFO", Level::INFO),
    ("WARNING", Level::WARN),
    ("ERROR", Level::ERROR),
];

/// `STAGE`, the deployment stage the metrics are kept under; `unset` when it is not set, so that
/// metrics of a function deployed without it are still told apart.
pub fn stage(lookup: impl Fn(&str) -> Option<String>) -> String {
    lookup("STAGE")
        .filter(|stage| !stage.trim().is_empty())
        .unwrap_or_else(|| "unset".to_string())
}

/// `LOG_LEVEL`, any case; default INFO.
pub fn log_level(lookup: impl Fn(&str) -> Option<String>) -> Result<Level, ConfigError> {
    let Some(value) = lookup("LOG_LEVEL") else {
        return Ok(Level::INFO);
    };
    let name = value.trim().to_ascii_uppercase();
    LOG_LEVELS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, level)| *level)
        .ok_or(ConfigError::Invalid {
            name: "LOG_LEVEL",
            value,
            expected: "one of DEBUG, INFO, WARNING, ERROR",
        })
}

fn parse_number(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u64,
    allowed: std::ops::RangeInclusive<u64>,
) -> Result<u64, ConfigError> {
    let Some(value) = lookup(name) else {
        return Ok(default);
    };
    match value.trim().parse::<u64>() {
        Ok(number) if allowed.contains(&number) => Ok(number),
        _ => Err(ConfigError::Invalid {
            name,
            value,
            expected: "a whole number in the documented range",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    #[test]
    fn table_name_is_required() {
        assert_eq!(
            DynamoDbConfig::from_lookup(lookup(&[])),
            Err(ConfigError::Missing("TABLE_NAME"))
        );
        assert!(DynamoDbConfig::from_lookup(lookup(&[("TABLE_NAME", " ")])).is_err());
    }

    #[test]
    fn defaults_and_bounds() {
        let config = DynamoDbConfig::from_lookup(lookup(&[("TABLE_NAME", "rides")])).unwrap();
        assert_eq!(
            (config.timeout, config.max_attempts),
            (Duration::from_secs(3), 4)
        );
        let too_long = lookup(&[("TABLE_NAME", "rides"), ("DYNAMODB_TIMEOUT_MS", "30000")]);
        assert!(DynamoDbConfig::from_lookup(too_long).is_err());
        let slivers = lookup(&[
            ("TABLE_NAME", "rides"),
            ("DYNAMODB_TIMEOUT_MS", "999"),
            ("DYNAMODB_MAX_ATTEMPTS", "10"),
        ]);
        assert!(
            DynamoDbConfig::from_lookup(slivers).is_err(),
            "99 ms per attempt"
        );
    }

    #[test]
    fn log_levels_follow_the_python_names() {
        assert_eq!(log_level(lookup(&[])), Ok(Level::INFO));
        assert_eq!(
            log_level(lookup(&[("LOG_LEVEL", "warning")])),
            Ok(Level::WARN)
        );
        assert!(log_level(lookup(&[("LOG_LEVEL", "LOUD")])).is_err());
    }

    #[test]
    fn terraform_validates_exactly_the_settings_this_code_accepts() {
        let variables = include_str!("../../terraform/variables.tf");
        let names: Vec<String> = LOG_LEVELS
            .iter()
            .map(|(name, _)| format!("{name:?}"))
            .collect();
        let log_levels = format!("contains([{}], var.log_level)", names.join(", "));
        let timeouts = format!(
            "var.dynamodb_timeout_ms >= {} && var.dynamodb_timeout_ms <= {}",
            DYNAMODB_TIMEOUT_MS.start(),
            DYNAMODB_TIMEOUT_MS.end()
        );
        let attempts = format!(
            "var.dynamodb_max_attempts >= {} && var.dynamodb_max_attempts <= {}",
            DYNAMODB_MAX_ATTEMPTS.start(),
            DYNAMODB_MAX_ATTEMPTS.end()
        );
        for condition in [log_levels, timeouts, attempts] {
            assert!(
                variables.contains(&condition),
                "variables.tf lacks {condition}"
            );
        }
        let root = include_str!("../../terraform/main.tf");
        let floor =
            format!("var.dynamodb_timeout_ms / var.dynamodb_max_attempts >= {ATTEMPT_FLOOR_MS}");
        let largest = format!(
            "largest_record_bytes = {}",
            ride_record_schema::MAX_DOCUMENT_BYTES
        );
        for condition in [floor, largest] {
            assert!(
                root.contains(&condition),
                "terraform/main.tf lacks {condition}"
            );
        }
    }
}
