//! API paths, and the `SANDBOX_` rewrite the official SDKs apply.

pub const CONSULT: &str = "/ams/api/v1/payments/consult";
pub const PAY: &str = "/ams/api/v1/payments/pay";
pub const INQUIRY_PAYMENT: &str = "/ams/api/v1/payments/inquiryPayment";
pub const CANCEL: &str = "/ams/api/v1/payments/cancel";
pub const REFUND: &str = "/ams/api/v1/payments/refund";

/// A client id starting with `SANDBOX_` makes the SDKs call `/ams/sandbox/api/...`.
pub fn for_client(client_id: &str, path: &str) -> String {
    match (client_id.starts_with("SANDBOX_"), path.strip_prefix("/ams/api/")) {
        (true, Some(rest)) => format!("/ams/sandbox/api/{rest}"),
        _ => path.to_owned(),
    }
}

/// The canonical `/ams/api/...` path of a request, whichever form was called.
pub fn canonical(path: &str) -> String {
    match path.strip_prefix("/ams/sandbox/api/") {
        Some(rest) => format!("/ams/api/{rest}"),
        None => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sandbox_client_ids_rewrite_the_path() {
        assert_eq!(for_client("SANDBOX_5Y", PAY), "/ams/sandbox/api/v1/payments/pay");
        assert_eq!(for_client("5Y", PAY), PAY);
        assert_eq!(canonical("/ams/sandbox/api/v1/payments/pay"), PAY);
        assert_eq!(canonical(PAY), PAY);
    }
}
