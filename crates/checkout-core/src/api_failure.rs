//! Why a call to the merchant API failed, and what the user is told.

use crate::merchant_api::{codes, ApiError};
use crate::messages::Msg;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// The request never got an answer (offline, DNS, CORS, connection refused).
    Network,
    /// No answer before the deadline; the request was aborted.
    Timeout,
    /// The backend answered with a JSON error.
    Server { status: u16, error: ApiError },
    /// The answer was not the JSON we expect (or an error without a JSON body).
    BadResponse { status: u16, detail: String },
}

impl ApiFailure {
    /// The message key the user sees.
    pub fn msg(&self) -> Msg {
        match self {
            Self::Network => Msg::ErrorNetwork,
            Self::Timeout => Msg::ErrorTimeout,
            Self::Server { error, .. } => match error.code.as_str() {
                codes::ORDER_NOT_FOUND => Msg::ErrorOrderNotFound,
                codes::ORDER_ALREADY_PAID => Msg::ErrorAlreadyPaid,
                codes::ORDER_EXPIRED => Msg::ErrorExpired,
                codes::PAYMENT_REFUSED | codes::METHOD_UNAVAILABLE | codes::INVALID_REQUEST => Msg::ErrorRefused,
                _ => Msg::ErrorServer,
            },
            Self::BadResponse { status, .. } if *status >= 500 => Msg::ErrorServer,
            Self::BadResponse { .. } => Msg::ErrorBadResponse,
        }
    }

    /// The backend's own explanation, shown under our message when it adds something.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Self::Server { error, .. } if !error.message.is_empty() => Some(&error.message),
            _ => None,
        }
    }

    /// Whether offering "Try again" makes sense. An answer the widget could not read (invalid
    /// JSON, an empty 200, a field of the wrong type) always offers it: a proxy or a deploy may
    /// have garbled it, and without the button only a reload would recover.
    pub fn retryable(&self) -> bool {
        match self {
            Self::Network | Self::Timeout | Self::BadResponse { .. } => true,
            Self::Server { error, .. } => error.retryable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(code: &str, retryable: bool) -> ApiFailure {
        ApiFailure::Server { status: 409, error: ApiError { code: code.into(), message: "m".into(), retryable } }
    }

    #[test]
    fn known_codes_get_their_own_message() {
        assert_eq!(server(codes::ORDER_ALREADY_PAID, false).msg(), Msg::ErrorAlreadyPaid);
        assert_eq!(server(codes::ORDER_EXPIRED, false).msg(), Msg::ErrorExpired);
        assert_eq!(server("SOMETHING_NEW", true).msg(), Msg::ErrorServer);
    }

    #[test]
    fn retry_follows_the_failure() {
        assert!(ApiFailure::Timeout.retryable());
        assert!(!server(codes::ORDER_ALREADY_PAID, false).retryable());
        assert!(ApiFailure::BadResponse { status: 502, detail: String::new() }.retryable());
        assert!(ApiFailure::BadResponse { status: 200, detail: "expected value".into() }.retryable(), "unreadable 200");
        assert!(ApiFailure::BadResponse { status: 404, detail: String::new() }.retryable(), "unreadable 404");
    }
}
