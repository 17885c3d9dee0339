//! Which requests may be sent again after an answer that leaves their outcome open, decided by
//! what they do rather than by their HTTP method. HTTP calls PUT idempotent, but a metering
//! `add` (a PUT) sent twice counts twice; a `direct` count sent twice sets the same count.

use crate::operation::Method;
use crate::pricing::{
    UpdateMeteringUnitTimestampCountMethod, UpdateMeteringUnitTimestampCountNowParam, UpdateMeteringUnitTimestampCountParam,
};
use std::any::Any;

/// What may be done with a request whose answer leaves its outcome open (a 502, 503 or 504, or
/// a timeout or broken connection after it was sent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    /// Doing it twice does what doing it once does: it is sent again.
    Safe,
    /// Doing it twice may do more (an `add`, a create): it is sent again only when it certainly
    /// was not applied (the connection was never made, or a 429 refused it); otherwise the call
    /// fails with [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown).
    Once,
}

/// The rule for one request: its operation's method, and for the metering counts, the count's
/// own `method` (`add` and `sub` add up; `direct` sets).
pub fn rule<I: Any>(method: Method, input: &I) -> Repeat {
    let input: &dyn Any = input;
    let counted = input
        .downcast_ref::<UpdateMeteringUnitTimestampCountParam>()
        .map(|p| &p.method)
        .or_else(|| input.downcast_ref::<UpdateMeteringUnitTimestampCountNowParam>().map(|p| &p.method));
    match counted {
        Some(UpdateMeteringUnitTimestampCountMethod::Direct) => Repeat::Safe,
        // `add`, `sub`, or a method newer than this SDK: not known to be safe.
        Some(_) => Repeat::Once,
        None if matches!(method, Method::Get | Method::Put | Method::Delete) => Repeat::Safe,
        None => Repeat::Once,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::UpdateMeteringUnitTimestampCountMethod as M;

    #[test]
    fn metering_adds_and_subs_are_sent_once_and_direct_counts_and_reads_again() {
        let now = |method| UpdateMeteringUnitTimestampCountNowParam { method, count: 1 };
        let at = |method| UpdateMeteringUnitTimestampCountParam { method, count: 1 };
        assert_eq!(rule(Method::Put, &now(M::Add)), Repeat::Once);
        assert_eq!(rule(Method::Put, &now(M::Sub)), Repeat::Once);
        assert_eq!(rule(Method::Put, &at(M::Add)), Repeat::Once);
        assert_eq!(rule(Method::Put, &now(M::Unknown { value: "mul".into() })), Repeat::Once);
        assert_eq!(rule(Method::Put, &now(M::Direct)), Repeat::Safe);
        assert_eq!(rule(Method::Put, &at(M::Direct)), Repeat::Safe);
        assert_eq!(rule(Method::Get, &()), Repeat::Safe);
        assert_eq!(rule(Method::Delete, &()), Repeat::Safe);
        assert_eq!(rule(Method::Post, &crate::models::CreateTenantParam::default()), Repeat::Once);
        assert_eq!(rule(Method::Patch, &()), Repeat::Once);
    }
}
