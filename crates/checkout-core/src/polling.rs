//! When to ask the merchant backend for a payment's status, and never twice at once.
//!
//! Integration guide, Step 3 "Inquire about the payment status": ask automatically while the
//! user pays, when they press "I have paid", when they come back to the page (from the app or
//! another tab, or by reloading it) and when the payment expires. Automatic asking starts fast,
//! because most wallets finish within seconds, and backs off so that a forgotten tab does not
//! hammer the backend; anything the user does starts the fast pace again.

/// Why a status request is made; the user's own actions restart the backoff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollTrigger {
    /// The schedule's timer fired.
    Scheduled,
    /// "I have paid".
    UserSaysPaid,
    /// The page became visible again (back from the app or another tab).
    PageVisible,
    /// The page was (re)loaded with a payment in progress: resume that payment, do not start one.
    PageLoaded,
    /// The countdown reached the expiry.
    CountdownEnded,
}

impl PollTrigger {
    pub fn resets_schedule(self) -> bool {
        !matches!(self, Self::Scheduled)
    }
}

/// How eagerly to ask: `Slow` while the provider confirms (PENDING can take days, e.g. Sofort).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollPace {
    Normal,
    Slow,
}

/// Delays between automatic requests, in ms; the last one repeats.
const NORMAL_DELAYS_MS: &[u32] = &[2000, 2000, 3000, 5000, 8000, 10_000, 12_000, 15_000];
const SLOW_DELAYS_MS: &[u32] = &[10_000, 15_000, 30_000, 60_000];

/// Stop asking on our own after this long without the user doing anything: a little over the
/// default 14-minute payment expiry. The countdown's end and the user's return still ask.
pub const DEFAULT_BUDGET_MS: u64 = 20 * 60_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollSchedule {
    pace: PollPace,
    /// Automatic requests since the last reset.
    count: usize,
    /// Time scheduled since the last reset.
    waited_ms: u64,
    budget_ms: u64,
}

impl Default for PollSchedule {
    fn default() -> Self {
        Self::new(DEFAULT_BUDGET_MS)
    }
}

impl PollSchedule {
    /// A schedule that gives up after `budget_ms` of waiting since the last reset.
    pub fn new(budget_ms: u64) -> Self {
        Self { pace: PollPace::Normal, count: 0, waited_ms: 0, budget_ms }
    }

    /// The delay before the next automatic request, or `None` when the budget is spent (the
    /// widget then offers "check again" and waits for the user or the countdown).
    pub fn next_delay(&mut self) -> Option<u32> {
        let delays = match self.pace {
            PollPace::Normal => NORMAL_DELAYS_MS,
            PollPace::Slow => SLOW_DELAYS_MS,
        };
        let delay = delays[self.count.min(delays.len() - 1)];
        if self.waited_ms + u64::from(delay) > self.budget_ms {
            return None;
        }
        self.count += 1;
        self.waited_ms += u64::from(delay);
        Some(delay)
    }

    /// The user acted or came back: start from the fast end with a fresh budget.
    pub fn reset(&mut self) {
        self.count = 0;
        self.waited_ms = 0;
    }

    /// Switch pace (PROCESSING -> PENDING, say); a change restarts that pace's sequence.
    pub fn set_pace(&mut self, pace: PollPace) {
        if self.pace != pace {
            self.pace = pace;
            self.count = 0;
        }
    }

    pub fn pace(&self) -> PollPace {
        self.pace
    }
}

/// At most one status request in flight. A request wanted while one runs is remembered, not
/// dropped: "I have paid" pressed during a timed request still gets its own fresh answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollGate {
    in_flight: bool,
    wanted_again: bool,
}

impl PollGate {
    pub fn new() -> Self {
        Self::default()
    }

    /// True: go ahead, and call `end` when the answer (or error) is in. False: one is already
    /// running; this wish is queued for when it ends.
    pub fn begin(&mut self) -> bool {
        if self.in_flight {
            self.wanted_again = true;
            false
        } else {
            self.in_flight = true;
            true
        }
    }

    /// The request finished. Returns whether a queued request should start now (the caller
    /// then calls `begin` again).
    pub fn end(&mut self) -> bool {
        self.in_flight = false;
        std::mem::take(&mut self.wanted_again)
    }

    pub fn is_busy(&self) -> bool {
        self.in_flight
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn drain(s: &mut PollSchedule, n: usize) -> Vec<u32> {
        (0..n).map_while(|_| s.next_delay()).collect()
    }

    #[test]
    fn backs_off_then_holds_at_the_cap() {
        let mut s = PollSchedule::default();
        assert_eq!(drain(&mut s, 11), [2000, 2000, 3000, 5000, 8000, 10_000, 12_000, 15_000, 15_000, 15_000, 15_000]);
    }

    #[test]
    fn stops_when_the_budget_is_spent() {
        let mut s = PollSchedule::new(10_000);
        assert_eq!(drain(&mut s, 10), [2000, 2000, 3000]);
        assert_eq!(s.next_delay(), None, "stays stopped");
        let mut default = PollSchedule::default();
        let all = drain(&mut default, 1000);
        assert!(all.len() < 100, "a forgotten tab asks a bounded number of times: {}", all.len());
        assert!(all.iter().map(|&d| u64::from(d)).sum::<u64>() <= DEFAULT_BUDGET_MS);
    }

    #[test]
    fn reset_starts_fast_with_a_fresh_budget() {
        let mut s = PollSchedule::new(10_000);
        drain(&mut s, 10);
        s.reset();
        assert_eq!(s.next_delay(), Some(2000));
    }

    #[test]
    fn slow_pace_for_pending() {
        let mut s = PollSchedule::default();
        drain(&mut s, 3);
        s.set_pace(PollPace::Slow);
        assert_eq!(drain(&mut s, 5), [10_000, 15_000, 30_000, 60_000, 60_000]);
        s.set_pace(PollPace::Slow);
        assert_eq!(s.next_delay(), Some(60_000), "same pace keeps its place");
        s.set_pace(PollPace::Normal);
        assert_eq!(s.next_delay(), Some(2000));
    }

    #[test]
    fn user_triggers_reset_the_schedule_timer_does_not() {
        assert!(!PollTrigger::Scheduled.resets_schedule());
        for t in
            [PollTrigger::UserSaysPaid, PollTrigger::PageVisible, PollTrigger::PageLoaded, PollTrigger::CountdownEnded]
        {
            assert!(t.resets_schedule(), "{t:?}");
        }
    }

    #[test]
    fn gate_never_lets_two_requests_overlap() {
        let mut g = PollGate::new();
        assert!(g.begin());
        assert!(g.is_busy());
        assert!(!g.begin(), "second request refused while the first runs");
        assert!(!g.begin());
        assert!(g.end(), "the refused wish runs after the first ends");
        assert!(!g.is_busy());
        assert!(g.begin());
        assert!(!g.end(), "nothing queued this time");
        assert!(!g.end(), "an extra end is harmless");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn delays_are_bounded_and_never_shrink_between_resets(budget in 0u64..3_600_000, n in 0usize..200) {
            let mut s = PollSchedule::new(budget);
            let delays = drain(&mut s, n);
            prop_assert!(delays.iter().all(|&d| (2000..=15_000).contains(&d)));
            prop_assert!(delays.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(delays.iter().map(|&d| u64::from(d)).sum::<u64>() <= budget);
        }

        /// Any interleaving of begins and ends keeps at most one request running, and every
        /// refused begin is followed by a run once the running one ends.
        #[test]
        fn gate_invariants(ops in proptest::collection::vec(any::<bool>(), 0..60)) {
            let mut g = PollGate::new();
            let mut running = 0u32;
            let mut owed = false;
            for begin in ops {
                if begin {
                    if g.begin() { running += 1; } else { owed = true; }
                } else if running == 1 {
                    running -= 1;
                    let run_queued = g.end();
                    prop_assert_eq!(run_queued, owed);
                    owed = false;
                    if run_queued { prop_assert!(g.begin()); running += 1; }
                }
                prop_assert!(running <= 1);
                prop_assert_eq!(g.is_busy(), running == 1);
            }
        }
    }
}
