//! The one error type that resolvers return, and its stable client codes.
//!
//! Each variant is something a client can act on, with a stable
//! `extensions.code`. Anything else (database, I/O, a bug) becomes
//! [`ApiError::Internal`]: its cause is logged here, once, and the client
//! sees a generic message with the request id to quote.

use async_graphql::ErrorExtensions;
use sea_orm::DbErr;

/// An error as the client sees it.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// No bearer token, or one the server does not know.
    #[error("a valid player token is required: send `Authorization: Bearer <token>`")]
    Unauthenticated,
    /// The input is malformed or out of bounds; nothing was changed.
    #[error("{0}")]
    BadUserInput(String),
    /// The thing does not exist, or is not the caller's.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The scenario was already answered in this run with another choice.
    #[error("this scenario was already answered in this run with another choice")]
    AlreadyAnswered,
    /// The run is finished and takes no more answers.
    #[error("this run is finished")]
    RunFinished,
    /// Only a finished run can be submitted.
    #[error("finish the run before submitting its score")]
    RunNotFinished,
    /// The scenario is not part of this run.
    #[error("this scenario is not part of this run")]
    ScenarioNotInRun,
    /// The scenario has no such choice.
    #[error("this scenario has no such choice")]
    UnknownChoice,
    /// The run was already submitted under another display name.
    #[error("this run was already submitted under another display name")]
    AlreadySubmitted,
    /// Practice runs stay off the leaderboard.
    #[error("practice runs cannot be submitted to the leaderboard")]
    NotSubmittable,
    /// The idempotency key was used before with a different input.
    #[error("this idempotency key was already used with a different input")]
    IdempotencyKeyReused,
    /// The first request with this idempotency key is still running.
    #[error("a request with this idempotency key is still in progress; retry shortly")]
    IdempotencyInProgress {
        /// Seconds after which a retry is sensible.
        retry_after_secs: u64,
    },
    /// Something failed inside the server; the details are in its log.
    #[error("internal error; quote the request id when you report it")]
    Internal,
}

impl ApiError {
    /// The stable code clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthenticated => "UNAUTHENTICATED",
            ApiError::BadUserInput(_) => "BAD_USER_INPUT",
            ApiError::NotFound(_) => "NOT_FOUND",
            ApiError::AlreadyAnswered => "ALREADY_ANSWERED",
            ApiError::RunFinished => "RUN_FINISHED",
            ApiError::RunNotFinished => "RUN_NOT_FINISHED",
            ApiError::ScenarioNotInRun => "SCENARIO_NOT_IN_RUN",
            ApiError::UnknownChoice => "UNKNOWN_CHOICE",
            ApiError::AlreadySubmitted => "ALREADY_SUBMITTED",
            ApiError::NotSubmittable => "NOT_SUBMITTABLE",
            ApiError::IdempotencyKeyReused => "IDEMPOTENCY_KEY_REUSED",
            ApiError::IdempotencyInProgress { .. } => "IDEMPOTENCY_IN_PROGRESS",
            ApiError::Internal => "INTERNAL",
        }
    }

    /// Rebuilds an error from its code, for replaying a stored outcome.
    pub fn from_code(code: &str, message: &str) -> ApiError {
        match code {
            "ALREADY_ANSWERED" => ApiError::AlreadyAnswered,
            "ALREADY_SUBMITTED" => ApiError::AlreadySubmitted,
            "RUN_FINISHED" => ApiError::RunFinished,
            "BAD_USER_INPUT" => ApiError::BadUserInput(message.to_owned()),
            _ => ApiError::Internal,
        }
    }

    /// Whether a retry of the same request may succeed.
    pub fn retryable(&self) -> bool {
        matches!(
            self,
            ApiError::IdempotencyInProgress { .. } | ApiError::Internal
        )
    }

    /// A constructor for bad input, to keep call sites short.
    pub fn bad_input(message: impl Into<String>) -> ApiError {
        ApiError::BadUserInput(message.into())
    }
}

impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> ApiError {
        tracing::error!(error = %error, "database error");
        ApiError::Internal
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        async_graphql::Error::new(self.to_string()).extend_with(|_, extensions| {
            extensions.set("code", self.code());
            extensions.set("retryable", self.retryable());
            if let ApiError::IdempotencyInProgress { retry_after_secs } = self {
                extensions.set("retryAfterSeconds", *retry_after_secs);
            }
        })
    }
}

/// The result type of services.
pub type ApiResult<T> = Result<T, ApiError>;

/// Turns a service result into a resolver result that carries its code.
pub trait Extended<T> {
    /// Maps the error to a GraphQL error with `extensions.code`.
    fn extended(self) -> async_graphql::Result<T>;
}

impl<T> Extended<T> for ApiResult<T> {
    fn extended(self) -> async_graphql::Result<T> {
        self.map_err(|error| error.extend())
    }
}
