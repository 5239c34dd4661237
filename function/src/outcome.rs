//! Every outcome a request or a queued ride can have, in one type: its name is the log's `outcome`,
//! the metrics' `Outcome` dimension and an error answer's `code`; its HTTP status and what becomes
//! of a queued ride are decided here and nowhere else. `metrics.json`, which Terraform's dashboard
//! and alarms read, is generated from it (`metrics::catalogue`).

use http::StatusCode;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, strum::IntoStaticStr, strum::EnumIter,
)]
#[strum(serialize_all = "camelCase")]
pub enum Outcome {
    /// Stored now, durably.
    Created,
    /// The identical record was already stored: nothing written.
    Replayed,
    /// A different record is stored under this RideId: nothing written.
    Conflict,
    /// Not a valid ride record.
    InvalidRecord,
    /// Not JSON.
    MalformedJson,
    /// No document at all.
    Empty,
    /// Over `limits.json`'s `max_document_bytes`.
    TooLarge,
    /// `GET /record/{RideId}` answered with the record.
    Found,
    /// No such record, or no such route.
    NotFound,
    /// The `{RideId}` of a path is not a RideId.
    InvalidRideId,
    MethodNotAllowed,
    /// A CORS preflight, answered without credentials.
    Preflight,
    UnsupportedMediaType,
    /// A Lambda event that is not an API Gateway request.
    BadEvent,
    /// The store did not answer: the client (or the queue) retries later.
    Unavailable,
    /// A bug or a misconfiguration.
    Internal,
    /// A ride that can never be recorded whose dead-letter send failed: it stays on the queue.
    DeadLetterUnavailable,
    /// Too little of the invocation was left to start the ride's write: it stays on the queue.
    Deferred,
    /// The local server refuses another site's page, or another `Host`.
    Forbidden,
    /// The local server's client was too slow to send its request.
    Timeout,
    /// The local server could not read the request (a broken chunked body, a malformed head).
    UnreadableRequest,
    /// The local server's request head is over its limits.
    HeadersTooLarge,
    UriTooLong,
}

/// Where an outcome can happen, and so which metric counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// An API Gateway request to the function (`ApiRequests`).
    Api,
    /// A ride from the queue or the topic (`QueueMessages`).
    Queue,
    /// Only the local server of `make run`, never the function.
    LocalServer,
}

/// What becomes of a queued ride with this outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueFate {
    /// Recorded now or before: deleted from the queue.
    Recorded,
    /// It can never be recorded: dead-lettered with its reason.
    DeadLettered,
    /// Left on the queue, to be received again.
    ReceivedAgain,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The status of the HTTP answer with this outcome.
    pub fn status(self) -> StatusCode {
        match self {
            Self::Created => StatusCode::CREATED,
            Self::Replayed | Self::Found => StatusCode::OK,
            Self::Preflight => StatusCode::NO_CONTENT,
            Self::Conflict => StatusCode::CONFLICT,
            Self::InvalidRecord
            | Self::MalformedJson
            | Self::Empty
            | Self::InvalidRideId
            | Self::BadEvent
            | Self::UnreadableRequest => StatusCode::BAD_REQUEST,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::Timeout => StatusCode::REQUEST_TIMEOUT,
            Self::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            Self::UriTooLong => StatusCode::URI_TOO_LONG,
            Self::Unavailable | Self::DeadLetterUnavailable | Self::Deferred => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Where this outcome can happen.
    pub fn paths(self) -> &'static [Path] {
        use Path::{Api, LocalServer, Queue};
        match self {
            Self::Created
            | Self::Replayed
            | Self::Conflict
            | Self::InvalidRecord
            | Self::MalformedJson
            | Self::Empty
            | Self::TooLarge
            | Self::Unavailable
            | Self::Internal => &[Api, Queue],
            Self::Found
            | Self::NotFound
            | Self::InvalidRideId
            | Self::MethodNotAllowed
            | Self::Preflight
            | Self::UnsupportedMediaType
            | Self::BadEvent => &[Api],
            Self::DeadLetterUnavailable | Self::Deferred => &[Queue],
            Self::Forbidden
            | Self::Timeout
            | Self::UnreadableRequest
            | Self::HeadersTooLarge
            | Self::UriTooLong => &[LocalServer],
        }
    }

    /// What becomes of a queued ride with this outcome; `None` for an outcome of requests only.
    pub fn queue_fate(self) -> Option<QueueFate> {
        if !self.paths().contains(&Path::Queue) {
            return None;
        }
        Some(match self {
            Self::Created | Self::Replayed => QueueFate::Recorded,
            Self::Unavailable | Self::Internal | Self::DeadLetterUnavailable | Self::Deferred => {
                QueueFate::ReceivedAgain
            }
            _ => QueueFate::DeadLettered,
        })
    }

    /// Every outcome that can happen on `path`, in declaration order.
    pub fn on(path: Path) -> impl Iterator<Item = Self> {
        <Self as strum::IntoEnumIterator>::iter()
            .filter(move |outcome| outcome.paths().contains(&path))
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl From<&ride_record_schema::RecordError> for Outcome {
    fn from(error: &ride_record_schema::RecordError) -> Self {
        use ride_record_schema::RecordError;
        match error {
            RecordError::Empty => Self::Empty,
            RecordError::TooLarge { .. } => Self::TooLarge,
            RecordError::MalformedJson { .. } => Self::MalformedJson,
            RecordError::Invalid(_) => Self::InvalidRecord,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejected_document_has_the_outcome_named_by_the_schema_crate_code() {
        use ride_record_schema::validate_bytes;
        for document in [&b""[..], b"{", b"{}", &vec![b' '; 20_000]] {
            let error = validate_bytes(document).unwrap_err();
            assert_eq!(Outcome::from(&error).name(), error.code());
        }
    }

    #[test]
    fn the_readme_documents_every_outcome() {
        let readme = include_str!("../../README.md");
        for outcome in <Outcome as strum::IntoEnumIterator>::iter() {
            assert!(
                readme.contains(&format!("`{outcome}`")),
                "README.md lacks `{outcome}`"
            );
        }
    }

    #[test]
    fn only_a_recorded_ride_leaves_the_queue_unless_it_is_dead_lettered() {
        let recorded: Vec<_> = Outcome::on(Path::Queue)
            .filter(|outcome| outcome.queue_fate() == Some(QueueFate::Recorded))
            .collect();
        assert_eq!(recorded, [Outcome::Created, Outcome::Replayed]);
        assert_eq!(Outcome::Found.queue_fate(), None);
        assert_eq!(
            Outcome::Conflict.queue_fate(),
            Some(QueueFate::DeadLettered)
        );
    }
}
