//! Settings from the environment, checked once at start against `limits.json`, the file Terraform's
//! checks read too.

use std::sync::LazyLock;
use std::time::Duration;

use tracing::Level;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not set: {purpose}")]
    Missing {
        name: &'static str,
        purpose: &'static str,
    },
    #[error("{name}={value} is not valid: expected {expected}")]
    Invalid {
        name: &'static str,
        value: String,
        expected: String,
    },
}

/// The limits of `limits.json` the function's settings are held to.
#[derive(Debug, serde::Deserialize)]
pub struct Limits {
    pub aws_call_timeout_ms: Setting,
    pub aws_call_max_attempts: Setting,
    /// The least time an attempt gets: its share of the budget (`crate::aws::sdk_config`).
    pub attempt_floor_ms: u64,
    /// Time a queued batch keeps after its last write, for the redelivery delays and the answer.
    pub answer_reserve_ms: u64,
    pub log_levels: Vec<String>,
}

/// A whole-number setting: its accepted range and its default.
#[derive(Debug, serde::Deserialize)]
pub struct Setting {
    pub min: u64,
    pub max: u64,
    pub default: u64,
}

pub static LIMITS: LazyLock<Limits> = LazyLock::new(|| {
    serde_json::from_str(ride_record_schema::LIMITS_JSON).expect("limits.json has every limit")
});

/// How the function reaches AWS: its table, and the budget of each AWS call (DynamoDB and SQS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsConfig {
    pub table_name: String,
    /// The whole budget of one call, retries included: well inside API Gateway's 29 s.
    pub timeout: Duration,
    /// Attempts per call, the first one included.
    pub max_attempts: u32,
}

impl AwsConfig {
    /// Reads `TABLE_NAME` (required), `AWS_CALL_TIMEOUT_MS` and `AWS_CALL_MAX_ATTEMPTS` (ranges and
    /// defaults in `limits.json`) through `lookup`, e.g. `std::env::var(..).ok()`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let table_name = lookup("TABLE_NAME")
            .filter(|name| !name.trim().is_empty())
            .ok_or(ConfigError::Missing {
                name: "TABLE_NAME",
                purpose: "it names the DynamoDB table that stores ride records",
            })?;
        let limits = &*LIMITS;
        let timeout_ms = parse_number(&lookup, "AWS_CALL_TIMEOUT_MS", &limits.aws_call_timeout_ms)?;
        let max_attempts = parse_number(
            &lookup,
            "AWS_CALL_MAX_ATTEMPTS",
            &limits.aws_call_max_attempts,
        )?;
        if timeout_ms / max_attempts < limits.attempt_floor_ms {
            return Err(ConfigError::Invalid {
                name: "AWS_CALL_MAX_ATTEMPTS",
                value: max_attempts.to_string(),
                expected: format!(
                    "few enough attempts to give each {} ms of AWS_CALL_TIMEOUT_MS",
                    limits.attempt_floor_ms
                ),
            });
        }
        Ok(Self {
            table_name,
            timeout: Duration::from_millis(timeout_ms),
            max_attempts: max_attempts as u32,
        })
    }
}

/// The tracing level of each `LOG_LEVEL` name, the original Python service's.
fn level_named(name: &str) -> Option<Level> {
    match name {
        "DEBUG" => Some(Level::DEBUG),
        "INFO" => Some(Level::INFO),
        "WARNING" => Some(Level::WARN),
        "ERROR" => Some(Level::ERROR),
        _ => None,
    }
}

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
    let known = &LIMITS.log_levels;
    level_named(&name)
        .filter(|_| known.contains(&name))
        .ok_or_else(|| ConfigError::Invalid {
            name: "LOG_LEVEL",
            value,
            expected: format!("one of {}", known.join(", ")),
        })
}

fn parse_number(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    setting: &Setting,
) -> Result<u64, ConfigError> {
    let Some(value) = lookup(name) else {
        return Ok(setting.default);
    };
    match value.trim().parse::<u64>() {
        Ok(number) if (setting.min..=setting.max).contains(&number) => Ok(number),
        _ => Err(ConfigError::Invalid {
            name,
            value,
            expected: format!("a whole number from {} to {}", setting.min, setting.max),
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
        let missing = AwsConfig::from_lookup(lookup(&[])).unwrap_err();
        assert!(
            missing.to_string().starts_with("TABLE_NAME is not set"),
            "{missing}"
        );
        assert!(AwsConfig::from_lookup(lookup(&[("TABLE_NAME", " ")])).is_err());
    }

    #[test]
    fn defaults_and_bounds() {
        let config = AwsConfig::from_lookup(lookup(&[("TABLE_NAME", "rides")])).unwrap();
        assert_eq!(
            (config.timeout, config.max_attempts),
            (Duration::from_secs(3), 4)
        );
        let too_long = lookup(&[("TABLE_NAME", "rides"), ("AWS_CALL_TIMEOUT_MS", "30000")]);
        assert!(AwsConfig::from_lookup(too_long).is_err());
        let slivers = lookup(&[
            ("TABLE_NAME", "rides"),
            ("AWS_CALL_TIMEOUT_MS", "999"),
            ("AWS_CALL_MAX_ATTEMPTS", "10"),
        ]);
        assert!(
            AwsConfig::from_lookup(slivers).is_err(),
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
    fn every_log_level_of_limits_json_has_a_tracing_level() {
        for name in &LIMITS.log_levels {
            assert!(level_named(name).is_some(), "{name}");
        }
    }
}
